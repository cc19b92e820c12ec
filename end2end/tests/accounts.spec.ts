import { expect, test } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";
import { signIn } from "./fixtures/sign-in";

test("a founder signs in on a second browser and finds the first browser's sequence there", async ({
  page,
  browser,
}, info) => {
  const js = info.project.use.javaScriptEnabled !== false;
  const email = `founder-${info.project.name}-${Date.now()}@ledgerly.test`;
  const company = `Accounts ${info.project.name} ${Date.now() % 100000}`;

  // Written anonymously; signing in takes it into the account.
  await new GeneratePage(page).writeSequence({ company });
  const sequence = page.url();
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await signIn(page, email);
  await expect(page.getByRole("banner").getByRole("link", { name: "Account" })).toBeVisible();

  // Another browser (its own cookies), the same JavaScript setting.
  const context = await browser.newContext({ javaScriptEnabled: js });
  const other = await context.newPage();
  await signIn(other, email);
  await other.getByRole("link", { name: "Your sequences" }).first().click();
  await expect(other).toHaveURL(/\/history$/);
  const row = other.getByRole("listitem").filter({ hasText: company });
  await expect(row).toHaveCount(1);
  await row.getByRole("link", { name: `${company} → Financial Controller`, exact: true }).click();
  await expect(other).toHaveURL(sequence);

  // The account page lists both browsers; signing out every other one ends the first's.
  await other.goto("/account");
  await expect(other.locator(".account__browser")).toHaveCount(2);
  await other.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(other.getByText("Signed out: 1.")).toBeVisible();
  await page.goto("/account");
  await expect(page.getByText("This browser is not signed in.")).toBeVisible();
  await context.close();
});
