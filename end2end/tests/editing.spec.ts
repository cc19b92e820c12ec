import { expect, test } from "@playwright/test";
import { GeneratePage, holdBackWasm } from "./fixtures/generate-page";

test("an email is edited in place, survives a reload, and reverts to the original", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: "Ledgerly Edits" });
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);

  const card = form.cards.nth(1);
  const original = await card.locator(".email-card__body").textContent();
  await card.getByRole("link", { name: "Edit" }).click();
  const editor = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Editing email 2" }) });
  await editor.getByLabel("Subject A").fill("A much shorter subject");
  await editor.getByLabel("Body").fill("Hi {{first_name}},\n\nJust one line now.\n\n— {{sender_name}}");
  await editor.getByRole("button", { name: "Save" }).click();

  const edited = form.cards.nth(1);
  await expect(edited).toContainText("A much shorter subject");
  await expect(edited).toContainText("Just one line now.");
  await expect(edited.getByText("Edited", { exact: true })).toBeVisible();

  await page.reload();
  await expect(form.cards.nth(1)).toContainText("Just one line now.");

  // An empty subject is not sent (the browser asks for it; the server checks too), and the
  // typed body stays in the form.
  await form.cards.nth(1).getByRole("link", { name: "Edit" }).click();
  await editor.getByLabel("Subject A").fill("");
  await editor.getByRole("button", { name: "Save" }).click();
  expect(await editor.getByLabel("Subject A").evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
  await expect(editor.getByLabel("Body")).toHaveValue(/Just one line now\./);
  await editor.getByRole("link", { name: "Cancel" }).click();

  await form.cards.nth(1).getByRole("button", { name: "Revert to the original" }).click();
  await expect(form.cards.nth(1).locator(".email-card__body")).toHaveText(original!);
  await page.reload();
  await expect(form.cards.nth(1).locator(".email-card__body")).toHaveText(original!);
  await expect(form.cards.nth(1).getByText("Edited", { exact: true })).toHaveCount(0);
});

test("an edit typed before the page has hydrated is the one saved", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "needs JavaScript");
  const form = new GeneratePage(page);
  await form.writeSequence({ company: "Ledgerly Early Edit" });
  const url = page.url();

  // The edit link opened before the wasm arrived: the server renders the form, and the founder
  // types into it while the wasm is held back.
  const release = await holdBackWasm(page);
  await page.goto(`${url}?edit=2`);
  const editor = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Editing email 2" }) });
  await editor.getByLabel("Subject A").fill("Typed before the wasm");
  await editor.getByLabel("Body").fill("Hi {{first_name}},\n\nTyped while the page loaded.\n\n— {{sender_name}}");
  await expect(page.getByRole("button", { name: "Copy body" })).toHaveCount(0);

  release();
  // Copy buttons appear once the page has hydrated.
  await expect(page.getByRole("button", { name: "Copy body" }).first()).toBeVisible({ timeout: 30_000 });
  await expect(editor.getByLabel("Body")).toHaveValue(/Typed while the page loaded\./);
  await editor.getByRole("button", { name: "Save" }).click();
  const edited = form.cards.nth(1);
  await expect(edited).toContainText("Typed before the wasm");
  await expect(edited).toContainText("Typed while the page loaded.");
  await page.goto(url);
  await expect(form.cards.nth(1)).toContainText("Typed while the page loaded.");
});

test("a results page served from memory hydrates, and its policy blocks nothing", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "needs JavaScript");
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (msg.text().includes("Content Security Policy")) violations.push(msg.text());
  });
  const form = new GeneratePage(page);
  await form.writeSequence({ company: "Ledgerly Kept Page" });
  const url = page.url();

  // Nothing is written between these loads, so the second is the page kept in memory, its
  // scripts allowed by hash rather than by a nonce (issue 17).
  await page.goto(url);
  await page.reload();
  // Copy buttons appear once the page has hydrated, in the place kept for them: nothing on the
  // page moved (no layout shift was recorded from the load on).
  await expect(page.getByRole("button", { name: "Copy body" }).first()).toBeVisible({ timeout: 30_000 });
  const shifts = await page.evaluate(() => {
    // The buffered entries are handed over at once (layout shifts are not in the timeline).
    const observer = new PerformanceObserver(() => {});
    observer.observe({ type: "layout-shift", buffered: true });
    const entries = observer.takeRecords();
    observer.disconnect();
    return entries.length;
  });
  expect(shifts).toBe(0);

  // A save from it shows at once and after a reload (the write ends the kept page).
  await form.cards.nth(0).getByRole("link", { name: "Edit" }).click();
  const editor = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Editing email 1" }) });
  await editor.getByLabel("Body").fill("Hi {{first_name}},\n\nSaved from a kept page.\n\n— {{sender_name}}");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(form.cards.nth(0)).toContainText("Saved from a kept page.");
  await page.reload();
  await expect(form.cards.nth(0)).toContainText("Saved from a kept page.");
  expect(violations).toEqual([]);
});
