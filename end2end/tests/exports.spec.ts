import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";

test("each export in the Export menu downloads with its tool's merge tags and a file name from the company", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: "Ledgerly Exports" });
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);

  // One menu, opened by its button (a <details>: the same with and without JavaScript).
  await page.locator("#exports summary").click();
  const exports = page.getByRole("region", { name: "Export" });
  await expect(exports.getByRole("link", { name: /How to set it up in lemlist/ })).toHaveAttribute("href", "/tools");
  const cases: [string, RegExp, string[], string[]][] = [
    ["Markdown: to read, share or keep", /^ledgerly-exports-\d{4}-\d\d-\d\d-sequence\.md$/, ["## Email 1 — Day 0", "{{first_name}}"], []],
    ["CSV: one row per email and subject", /^ledgerly-exports-\d{4}-\d\d-\d\d-sequence\.csv$/, ["step,day,variant,subject,body", "{{first_name}}"], []],
    ["lemlist: the steps as CSV", /-lemlist\.csv$/, ["step,delay_days,subject,subject_b,message", "{{firstName}}"], ["{{first_name}}"]],
    ["Instantly: the steps as CSV", /-instantly\.csv$/, ["step,wait_days,subject,subject_variant_b,body", "{{firstName}}"], ["{{first_name}}"]],
    ["Apollo: the steps as CSV", /-apollo\.csv$/, ["step_number,day,subject,subject_b,body", "{{first_name}}"], ["{{firstName}}"]],
    ["Smartlead: the steps as CSV", /-smartlead\.csv$/, ["seq_number,delay_in_days,subject,variant_b_subject,email_body", "{{first_name}}"], ["{{firstName}}"]],
  ];
  for (const [label, name, has, hasNot] of cases) {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      exports.getByRole("link", { name: label, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(name);
    const text = await readFile((await download.path())!, "utf8");
    for (const fragment of has) expect(text, `${label} has ${fragment}`).toContain(fragment);
    for (const fragment of hasNot) expect(text, `${label} lacks ${fragment}`).not.toContain(fragment);
    expect(text).toContain("Financial Controller");
  }
  // Still on the results page.
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
});
