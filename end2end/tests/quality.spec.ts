import { expect, test } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";

test("every email shows its quality checks, and the summary counts the clean ones", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: "Ledgerly Quality" });
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);

  // The offline composer writes to its own lint.
  await expect(page.locator(".quality")).toHaveText(/4 of 4 emails pass every check/);
  for (let i = 0; i < 4; i++) {
    await expect(form.cards.nth(i).locator(".lint__head")).toHaveText("All 12 checks pass");
  }
  await expect(form.cards.nth(0).locator('[data-rule="spam_words"]')).toHaveAttribute("data-passed", "true");
});

test("the checks re-run while a body is edited, without a reload", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "live checks run in the browser");
  const form = new GeneratePage(page);
  await form.writeSequence({ company: "Ledgerly Live Lint" });
  // A marker that a reload would wipe.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  await form.cards.nth(1).getByRole("link", { name: "Edit" }).click();
  const editor = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Editing email 2" }) });
  const lint = editor.locator(".lint");
  await expect(lint.locator(".lint__head")).toHaveText("All 12 checks pass");

  const body = editor.getByLabel("Body");
  await body.fill("Hi there!\n\nA free trial. Act now.");
  const spam = lint.locator('[data-rule="spam_words"]');
  await expect(spam).toHaveAttribute("data-passed", "false");
  await expect(spam).toContainText('"free trial", "Act now" are phrases');
  await expect(lint.locator('[data-rule="exclamations"]')).toHaveAttribute("data-passed", "false");
  await expect(lint.locator('[data-rule="merge_tags"]')).toContainText("No merge tags");
  await expect(lint.locator('[data-rule="call_to_action"]')).toContainText("No clear ask");
  await expect(lint.locator(".lint__head")).toHaveText("4 suggestions · 8 of 12 checks pass");

  // Typing on clears them one by one.
  await body.fill("Hi {{first_name}},\n\nA week back every month.\n\nWorth a look?\n\n{{sender_name}}");
  await expect(lint.locator(".lint__head")).toHaveText("All 12 checks pass");
  await body.fill("Hi {{first_name}}, a 30-day free pilot. Worth a look?");
  await expect(lint.locator(".lint__head")).toHaveText("1 suggestion · 11 of 12 checks pass");
  await editor.getByRole("button", { name: "Save" }).click();

  // Saved: the card and the sequence summary say so, still without a reload.
  const card = form.cards.nth(1);
  await expect(card.locator(".lint__head")).toHaveText("1 suggestion · 11 of 12 checks pass");
  await expect(card.locator('[data-rule="spam_words"]')).toContainText('"free"');
  await expect(page.locator(".quality")).toHaveText(/3 of 4 emails pass every check/);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test("rewriting on the free plan opens the paywall", async ({ page, javaScriptEnabled }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: "Ledgerly Rewrite" });
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);

  const card = form.cards.nth(0);
  const original = await card.locator(".email-card__body").textContent();
  await card.getByRole("link", { name: "Rewrite this email" }).click();
  if (!javaScriptEnabled) {
    // Without JavaScript the instruction form opens; posting it comes back with the paywall.
    await page.getByLabel(/How should it change/).fill("shorter");
    await page.getByRole("button", { name: "Rewrite offline" }).click();
  }
  await expect(page.getByRole("dialog", { name: "Rewriting is part of the paid plans" })).toBeVisible();
  await expect(form.cards.nth(0).locator(".email-card__body")).toHaveText(original!);
});
