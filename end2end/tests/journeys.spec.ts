import { expect, test, type Page } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";

/**
 * The form's values as the page holds them. Read by id: once the free sequence is used, the
 * paywall stands over the form (the page behind it is inert), and the brief is there beneath it.
 */
async function formValues(page: Page) {
  return {
    company: await page.locator("#field-company").inputValue(),
    cta: await page.locator("#field-cta").inputValue(),
    casual: await page.locator('input[name="tone"][value="casual"]').isChecked(),
    emails: await page.locator("#field-emails").inputValue(),
  };
}

const brief = { company: "Ledgerly Brief", cta: "Coffee next Tuesday?", casual: true, emails: "3" };

test("the brief is kept: write another, edit the brief and back from the results open the form filled in", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: brief.company, cta: brief.cta }, 3);
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
  // The results, saved (the address is the sequence's from the moment writing starts).
  await expect(page.locator(".quality")).toBeVisible({ timeout: 30_000 });
  const sequence = new URL(page.url()).pathname;
  const id = sequence.split("/").pop();

  // Back from the results: the form, filled with what was just sent.
  await page.goBack();
  await expect(page).toHaveURL(/\/generate/);
  await expect(page.locator("#field-company")).toHaveValue(brief.company);
  expect(await formValues(page)).toEqual(brief);

  // "Write another" and "Edit the brief" on the results open the same brief, editable.
  for (const name of ["Write another", "Edit the brief"]) {
    await page.goto(sequence);
    await page.getByRole("link", { name }).click();
    await expect(page).toHaveURL(new RegExp(`/generate\\?from=${id}$`));
    await expect(page.locator("#brief-note")).toContainText("Filled in from your last brief");
    expect(await formValues(page)).toEqual(brief);
  }

  // And a blank form is one click away.
  await page.goto(`/generate?from=${id}&paywall=closed`);
  await page.locator("#brief-note").getByRole("link", { name: "Start from a blank form" }).click();
  await expect(page.locator("#field-company")).toHaveValue("");
  await expect(page.locator("#brief-note")).toHaveCount(0);
});

test("an unsaved edit survives a reload, and leaving with it asks first", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "the editor's draft is kept by the browser's script");
  const asked: string[] = [];
  let leave = false;
  page.on("dialog", async (dialog) => {
    asked.push(dialog.type());
    if (leave) await dialog.accept();
    else await dialog.dismiss();
  });
  const form = new GeneratePage(page);
  await form.writeSequence({ company: "Ledgerly Drafts" });
  const sequence = page.url();
  const editor = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Editing email 1" }) });

  await form.cards.nth(0).getByRole("link", { name: "Edit" }).click();
  await editor.getByLabel("Subject A").fill("A subject not saved yet");

  // Leaving by a link asks; staying keeps the edit on screen.
  await page.getByRole("banner").getByRole("link", { name: "Your sequences" }).click();
  await expect.poll(() => asked).toEqual(["beforeunload"]);
  await expect(page).toHaveURL(sequence);
  await expect(editor.getByLabel("Subject A")).toHaveValue("A subject not saved yet");

  // A reload (accepted) brings the edit back, open, and says so.
  leave = true;
  await page.reload();
  await expect(editor.getByLabel("Subject A")).toHaveValue("A subject not saved yet");
  await expect(editor.getByRole("status")).toHaveText("Your unsaved edit is back. Save it, or Cancel to discard it.");

  // Saved: nothing is kept any more, and leaving asks nothing.
  await editor.getByLabel("Body").fill("Hi {{first_name}},\n\nOne line, saved.\n\n— {{sender_name}}");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(form.cards.nth(0)).toContainText("A subject not saved yet");
  const before = asked.length;
  await page.reload();
  await expect(form.cards.nth(0)).toContainText("One line, saved.");
  await expect(page.getByRole("heading", { name: "Editing email 1" })).toHaveCount(0);
  await page.getByRole("banner").getByRole("link", { name: "Your sequences" }).click();
  await expect(page).toHaveURL(/\/history$/);
  expect(asked.length).toBe(before);
});

test("the legal pages say plainly when the installation has not named its operator", async ({ page }) => {
  // The suite's server has no CONTACT_EMAIL.
  for (const path of ["/privacy", "/terms"]) {
    await page.goto(path);
    await expect(page.locator("#no-operator")).toContainText("has not named its operator yet");
    await expect(page.locator(".site-footer__contact")).toHaveCount(0);
  }
});

test("the free trial on a 30-lead list writes the leads the plan allows and keeps the rest waiting", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: "Ledgerly Trial" });
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
  await page.getByRole("link", { name: "First lines for a lead list" }).click();
  let csv = "email,notes\n";
  for (let i = 1; i <= 30; i++) csv += `lead${i}@acme.test,Acme opened office number ${i} in Lisbon.\n`;
  await page.getByLabel("CSV file").setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and choose columns" }).click();

  // Said before the run, with the plans one click away.
  await expect(page.locator("#allowance")).toContainText("Your plan writes 10 first lines in any 24 hours; 10 are free now.");
  await expect(page.locator("#allowance").getByRole("link", { name: "See plans" })).toBeVisible();
  await page.getByRole("button", { name: "Write the first lines" }).click();

  // The first ten are written; the other twenty wait, and the page says what to do.
  await expect(page.getByRole("heading", { name: "The leads within your allowance have their lines" })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".leads__counts")).toContainText("10 written");
  await expect(page.locator(".leads__counts")).toContainText("20 waiting for allowance");
  await expect(page.locator("#held")).toContainText("20 leads wait for allowance");
  await expect(page.locator("#held").getByRole("link", { name: "See plans" })).toBeVisible();
  await expect(page.locator(".lead-card").filter({ hasText: "lead1@acme.test" })).toContainText("Acme opened office number 1 in Lisbon.");
  await page.getByRole("link", { name: "Waiting for allowance (20)" }).click();
  await expect(page.locator(".lead-card").first()).toContainText("lead11@acme.test");
});
