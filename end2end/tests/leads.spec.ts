import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";

// An export from a spreadsheet on Windows: Windows-1252 (é, ü), semicolons, CRLF, a quoted cell
// with a line break, a duplicate, a row without an email and one without a first name. "Firm"
// is not a spelling ColdCopy knows, so the founder picks the company column by hand.
function awkwardCsv(): Buffer {
  const text =
    "First Name;Last Name;Work Email;Firm;Notes;Phone\r\n" +
    'José;Müller;jose@acme.io;Acme;"Acme raised a $12M Series A led by Index Ventures.\r\nHiring in Berlin";1\r\n' +
    "Ana;Lopez;ana@globex.com;Globex;;2\r\n" +
    ";;ops@initech.io;Initech;Initech moved its billing to Stripe in May.;5\r\n" +
    "Bo;Ek;JOSE@acme.io;Acme;dup;3\r\n" +
    "Cy;Lee;;Initech;no email;4\r\n";
  return Buffer.from(text, "latin1");
}

test("a lead list: upload an awkward CSV, fix the mapping, watch it run, edit a line, export for lemlist and Instantly", async ({ page }) => {
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: "Ledgerly Leads" });
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);

  await page.getByRole("link", { name: "First lines for a lead list" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Personal first lines for Ledgerly Leads");
  await page.getByLabel("CSV file").setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: awkwardCsv() });
  await page.getByRole("button", { name: "Upload and choose columns" }).click();

  // The mapping: the guesses, and the company column chosen by hand.
  await expect(page.getByRole("heading", { name: "Which column holds what?" })).toBeVisible();
  await expect(page.getByLabel("Email (needed)")).toHaveValue("2");
  await expect(page.getByLabel("First name")).toHaveValue("0");
  await expect(page.getByLabel("Company")).toHaveValue("");
  await page.getByLabel("Company").selectOption({ label: "Firm (e.g. Acme)" });
  await expect(page.getByRole("checkbox", { name: /Notes/ })).toBeChecked();
  await page.getByRole("button", { name: "Write the first lines" }).click();

  // Progress, then the leads (the page refreshes itself: by script, or by <noscript> refresh).
  await expect(page.getByRole("heading", { name: "The leads" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("2 rows were left out")).toBeVisible();
  const jose = page.locator(".lead-card").filter({ hasText: "jose@acme.io" });
  await expect(jose.locator(".lead-card__line")).toHaveText(
    "One thing stood out about Acme: Acme raised a $12M Series A led by Index Ventures.",
  );
  await expect(jose.locator("q")).toHaveText("Acme raised a $12M Series A led by Index Ventures.");
  const ana = page.locator(".lead-card").filter({ hasText: "ana@globex.com" });
  await expect(ana.getByText("No signal")).toBeVisible();

  // Edit a line: an invented city is refused and shown back; a true one is saved.
  await jose.getByText("Edit the line").click();
  await jose.getByRole("textbox").fill("Saw that Acme is opening an office in Oslo.");
  await jose.getByRole("button", { name: "Save the line" }).click();
  const refused = page.locator(".lead-card").filter({ hasText: "jose@acme.io" });
  await expect(refused.getByRole("alert")).toContainText("“Oslo”");
  await expect(refused.getByRole("textbox")).toHaveValue("Saw that Acme is opening an office in Oslo.");
  await refused.getByRole("textbox").fill("Saw that Acme is hiring in Berlin after its Series A.");
  await refused.getByRole("button", { name: "Save the line" }).click();
  const saved = page.locator(".lead-card").filter({ hasText: "jose@acme.io" });
  await expect(saved.locator(".lead-card__line")).toHaveText("Saw that Acme is hiring in Berlin after its Series A.");
  await expect(saved.getByText("Your line")).toBeVisible();

  // Export for lemlist, with the variable check before it.
  const exportPanel = page.getByRole("region", { name: "Export, ready to send" });
  await expect(exportPanel.getByRole("cell", { name: "{{icebreaker}}" })).toBeVisible();
  const lemlist = await download(page, exportPanel.getByRole("link", { name: "Leads file (lemlist)" }));
  expect(lemlist.name).toMatch(/^ledgerly-leads-\d{4}-\d\d-\d\d-lemlist-leads\.csv$/);
  expect(lemlist.text).toContain("email,firstName,lastName,companyName,jobTitle,companyDomain,icebreaker");
  expect(lemlist.text).toContain("jose@acme.io,José,Müller,Acme,,,Saw that Acme is hiring in Berlin after its Series A.");
  expect(lemlist.text).toMatch(/ana@globex\.com,Ana,Lopez,Globex,,,I'm writing because/);
  const sequence = await download(page, exportPanel.getByRole("link", { name: "Steps to paste (lemlist)" }));
  expect(sequence.text).toContain("{{icebreaker}}");

  // One lead has no first name: the check says so and takes a fallback, which the leads file
  // carries in that lead's empty cell (a GET form: the same with and without JavaScript).
  const firstName = exportPanel.getByRole("row").filter({ hasText: "{{firstName}}" });
  await expect(firstName).toContainText("2 of 3 — some rows would send it empty");
  await exportPanel.getByLabel("When {{firstName}} is empty, send").fill("there");
  await exportPanel.getByRole("button", { name: "Use these fallbacks" }).click();
  await expect(page).toHaveURL(/fb_firstName=there/);
  const withFallback = page.getByRole("region", { name: "Export, ready to send" });
  await expect(withFallback.getByRole("row").filter({ hasText: "{{firstName}}" })).toContainText("2 of 3 — 1 get “there”");
  const filled = await download(page, withFallback.getByRole("link", { name: "Leads file (lemlist)" }));
  expect(filled.text).toContain("ops@initech.io,there,,Initech,");
  expect(filled.text).toContain("jose@acme.io,José,Müller,Acme,");

  // And for Instantly.
  await exportPanel.getByRole("link", { name: "Instantly", exact: true }).click();
  const instantlyPanel = page.getByRole("region", { name: "Export, ready to send" });
  await expect(instantlyPanel.getByRole("cell", { name: "{{personalization}}" })).toBeVisible();
  const instantly = await download(page, instantlyPanel.getByRole("link", { name: "Leads file (Instantly)" }));
  expect(instantly.text).toContain("email,firstName,lastName,companyName,jobTitle,website,personalization");
  expect(instantly.text).toContain("Saw that Acme is hiring in Berlin after its Series A.");
});

async function download(page: import("@playwright/test").Page, link: import("@playwright/test").Locator) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}
