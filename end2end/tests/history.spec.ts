import { expect, test } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";

test("the history lists the sequence, opens it, and deletes it after a confirmation", async ({ page }) => {
  await page.goto("/history");
  await expect(page.getByRole("heading", { name: "No sequences yet" })).toBeVisible();
  await page.getByRole("link", { name: "Write your first sequence" }).click();
  await expect(page).toHaveURL(/\/generate$/);

  const form = new GeneratePage(page);
  await form.fill({ company: "Ledgerly History" });
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
  const url = page.url();

  await page.getByRole("banner").getByRole("link", { name: "Your sequences" }).click();
  await expect(page).toHaveURL(/\/history$/);
  const rows = page.getByRole("listitem").filter({ hasText: "Ledgerly History" });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("4 emails");
  await rows.first().getByRole("link", { name: "Ledgerly History → Financial Controller", exact: true }).click();
  await expect(page).toHaveURL(url);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ledgerly History");

  await page.goto("/history");
  await rows.first().getByRole("link", { name: /^Delete Ledgerly History/ }).click();
  await expect(rows.first()).toContainText("Delete for good?");
  // Cancel first: nothing happens.
  await rows.first().getByRole("link", { name: "Cancel" }).click();
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole("link", { name: /^Delete Ledgerly History/ }).click();
  await rows.first().getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("The sequence was deleted.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "No sequences yet" })).toBeVisible();
  const res = await page.goto(url);
  expect(res?.status()).toBe(404);
});
