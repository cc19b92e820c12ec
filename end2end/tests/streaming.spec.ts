import { expect, test } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";

// Runs in the "claude" project: a server whose Claude is the fake, streaming at 150 tokens/s
// (a five-email sequence takes about six seconds to write).
test.describe.configure({ timeout: 60_000 });

test("each email card appears as soon as it is written, and the progress counts up", async ({ page }) => {
  // Record every text the progress line shows, in order. Kept in the tab's sessionStorage: the
  // saved sequence opens as a new page load, which starts every script afresh.
  await page.addInitScript(() => {
    const seen: string[] = JSON.parse(sessionStorage.getItem("progress") ?? "[]");
    (window as unknown as { __progress: string[] }).__progress = seen;
    new MutationObserver(() => {
      const text = document.getElementById("writing-status")?.textContent?.trim();
      if (text && seen[seen.length - 1] !== text) {
        seen.push(text);
        sessionStorage.setItem("progress", JSON.stringify(seen));
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (msg.text().includes("Content Security Policy")) violations.push(msg.text());
  });
  const form = new GeneratePage(page);
  await form.goto();
  await expect(page.getByText("Offline composer", { exact: true })).toHaveCount(0);
  await form.fill({}, 5);
  await form.submit.click();

  const status = page.locator("#writing-status");
  await expect(status).toHaveText("Writing email 1 of 5…");
  // The first card is on the page while the last one is still being written.
  await expect(form.cards.first()).toBeVisible();
  await expect(form.cards.first()).toContainText("Claude body 1.");
  expect(await form.cards.count()).toBeLessThan(5);
  await expect(status).toHaveText(/Writing email [2-5] of 5…/);
  // The sequence has its address from the moment writing starts.
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);

  // Then the saved sequence opens, with every email.
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByText("Written by Claude", { exact: true })).toBeVisible();
  await expect(form.cards).toHaveCount(5);
  await expect(form.cards.nth(4)).toContainText("Claude body 5.");

  const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
  const writing = progress.filter((text) => text.startsWith("Writing email"));
  expect(writing).toEqual([1, 2, 3, 4, 5].map((n) => `Writing email ${n} of 5…`));
  // The progress bar and the cards ran under the page's CSP without a violation.
  expect(violations).toEqual([]);
});

test("a reload while it writes shows the same sequence, still writing, then done", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: "Ledgerly Reload" }, 5);
  await form.submit.click();
  await expect(form.cards.first()).toContainText("Claude body 1.");
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
  const address = page.url();
  expect(await form.cards.count()).toBeLessThan(5);

  // Reloaded mid-stream: the same address, the writing followed from the server.
  await page.reload();
  await expect(page).toHaveURL(address);
  await expect(page.getByText("Being written now")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ledgerly Reload");
  // Then the saved sequence, whole, at that address; and a second tab sees the same.
  await expect(page.getByText("Written by Claude", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(address);
  await expect(form.cards).toHaveCount(5);
  const second = await page.context().newPage();
  await second.goto(address);
  await expect(new GeneratePage(second).cards).toHaveCount(5);

  // Back returns to the form, filled with the brief.
  await page.goBack();
  await expect(page).toHaveURL(/\/generate$/);
  // (Read by id: the free sequence is used, so the paywall stands over the form.)
  await expect(page.locator("#field-company")).toHaveValue("Ledgerly Reload");
});

test("without JavaScript the form still posts and the sequence Claude wrote opens", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const form = new GeneratePage(page, false);
  await form.goto();
  await form.fill({}, 3);
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByText("Written by Claude", { exact: true })).toBeVisible();
  await expect(form.cards).toHaveCount(3);
  await context.close();
});

test("a stream that fails midway clears the half-written emails, says so, and offers to try again", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  // The fake Claude sends two emails and then an `error` event when it sees this marker.
  await form.fill({ benefit: "FAKE_FAIL_MID_STREAM" }, 5);
  await form.submit.click();
  // The first card shows (the second is followed at once by the error).
  await expect(form.cards.first()).toContainText("Claude body 1.");

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The writing service had a problem. Nothing was used up");
  await expect(form.cards).toHaveCount(0);
  await expect(page).toHaveURL(/\/generate$/);
  await expect(page.getByText("1 free sequence left")).toBeVisible();
  // Everything typed is still there; fix the answer and try again.
  await expect(form.company).toHaveValue("Ledgerly");
  await form.benefit.fill("Close the books in two days instead of seven.");
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(form.cards).toHaveCount(5);
});
