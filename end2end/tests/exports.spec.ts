import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";

test("each export downloads with its tool's merge tags and a file name from the company", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: "Ledgerly Exports" });
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);

  const exports = page.getByRole("region", { name: "Export" });
  const cases: [string, RegExp, string[], string[]][] = [
    ["Markdown", /^ledgerly-exports-\d{4}-\d\d-\d\d-sequence\.md$/, ["## Email 1 — Day 0", "{{first_name}}"], []],
    ["CSV", /^ledgerly-exports-\d{4}-\d\d-\d\d-sequence\.csv$/, ["step,day,variant,subject,body", "{{first_name}}"], []],
    ["lemlist CSV", /-lemlist\.csv$/, ["step,delay_days,subject,subject_b,message", "{{firstName}}"], ["{{first_name}}"]],
    ["Instantly CSV", /-instantly\.csv$/, ["step,wait_days,subject,subject_variant_b,body", "{{firstName}}"], ["{{first_name}}"]],
    ["Apollo CSV", /-apollo\.csv$/, ["step_number,day,subject,subject_b,body", "{{first_name}}"], ["{{firstName}}"]],
    ["Smartlead CSV", /-smartlead\.csv$/, ["seq_number,delay_in_days,subject,variant_b_subject,email_body", "{{first_name}}"], ["{{firstName}}"]],
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
