import { expect, test } from "@playwright/test";

// Runs against the second server, which has no Stripe keys.
test("without Stripe keys the plans are shown and the buttons say payments are not set up", async ({ page }) => {
  await page.goto("/pricing");
  await expect(page.getByText("Payments are not set up on this server, so the plans below")).toBeVisible();
  const starter = page.getByRole("article", { name: "Starter plan" });
  await expect(starter).toContainText("$29");
  await expect(starter.getByRole("button", { name: "Not available here" })).toBeDisabled();
  await expect(starter).toContainText("Payments are not set up on this server.");
  // Nor does it send mail: sign-in says so instead of showing a form.
  await page.goto("/signin");
  await expect(page.getByText("Signing in is not set up on this server, because it cannot send email.")).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toHaveCount(0);
  await page.goto("/privacy");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What ColdCopy stores, and why");
  await page.goto("/terms");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The rules of the plans");
});
