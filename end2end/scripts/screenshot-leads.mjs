// Screenshots of the lead-list pages (upload, an upload refused, the mapping, the progress
// bar, the review with a refused edit, the export) at phone and desktop width. Against a server
// whose Claude is slow enough to see the progress (the fake at a low token rate):
//   node end2end/scripts/screenshot-leads.mjs http://127.0.0.1:3000   → target/screenshots/leads-*.png
import { launch, out } from "./screenshot-browser.mjs";

const [base] = process.argv.slice(2);
const rows = ["email,first_name,last_name,company,title,notes,latest_funding"];
const facts = [
  ["Acme", "Acme opened an office in Lisbon in 2025.", "Raised a $12M Series A led by Index Ventures"],
  ["Globex", "", ""],
  ["Initech", "Moved its finance team to Stripe Billing last spring.", ""],
  ["Hooli", "nice people", ""],
];
for (let i = 0; i < 60; i++) {
  const [company, notes, funding] = facts[i % facts.length];
  // Every seventh lead has no first name (the variable check offers a fallback for it).
  const first = i % 7 === 3 ? "" : `Ana${i}`;
  rows.push(`lead${i}@${company.toLowerCase()}.io,${first},Lopez,${company},VP Finance,"${notes}","${funding}"`);
}
const csv = Buffer.from(rows.join("\r\n") + "\r\n", "utf8");

const browser = await launch();
for (const width of [375, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const shot = async (name, full = true) => {
    await page.screenshot({ path: `${out}/leads-${name}-${width}.png`, fullPage: full });
    console.log(`${out}/leads-${name}-${width}.png`);
  };
  await page.goto(`${base}/generate`, { waitUntil: "networkidle" });
  await page.getByLabel("Company / product name").fill("Ledgerly");
  await page.getByLabel("Target job title").fill("Financial Controller");
  await page.getByLabel("The problem they face").fill("Month-end close takes a full week of matching Stripe payouts to invoices by hand.");
  await page.getByLabel("What your product does").fill("Matches every Stripe payout to its invoices automatically and flags the exceptions.");
  await page.getByLabel("The key benefit").fill("Close the books in two days instead of seven.");
  await page.getByLabel("The call to action").fill("Worth a 15-minute look next week?");
  await page.getByRole("button", { name: /Write my sequence/ }).click();
  await page.waitForURL(/\/s\/[0-9a-f-]{36}$/);
  await page.waitForLoadState("networkidle");
  await page.getByRole("link", { name: "First lines for a lead list" }).click();
  await page.getByRole("heading", { level: 1 }).waitFor();
  await shot("upload");
  await page.getByRole("button", { name: "Upload and choose columns" }).click();
  await page.getByRole("alert").waitFor();
  await shot("upload-refused");
  await page.getByLabel("CSV file").setInputFiles({ name: "apollo-export.csv", mimeType: "text/csv", buffer: csv });
  await page.getByRole("button", { name: "Upload and choose columns" }).click();
  await page.getByRole("heading", { name: "Which column holds what?" }).waitFor();
  await page.getByText("The first 5 rows").click();
  await shot("mapping");
  await page.getByRole("button", { name: "Write the first lines" }).click();
  await page.getByRole("heading", { name: "Writing the first lines" }).waitFor();
  await page.waitForTimeout(1500);
  await shot("progress");
  await page.getByRole("heading", { name: "The leads" }).waitFor({ timeout: 60_000 });
  await shot("review");
  const card = page.locator(".lead-card").first();
  await card.getByText("Edit the line").click();
  await card.getByRole("textbox").fill("Loved your keynote at Davos last week — impressive stuff!");
  await card.getByRole("button", { name: "Save the line" }).click();
  await page.locator(".lead-card .field__error").first().waitFor();
  await page.locator(".lead-card").first().scrollIntoViewIfNeeded();
  await shot("refused-edit", false);
  await page.locator("#export").scrollIntoViewIfNeeded();
  await shot("export", false);
  await page.getByLabel("When {{firstName}} is empty, send").fill("there");
  await page.getByRole("button", { name: "Use these fallbacks" }).click();
  await page.waitForURL(/fb_firstName=there/);
  await page.waitForLoadState("networkidle");
  await page.locator("#export").scrollIntoViewIfNeeded();
  await shot("export-fallback", false);
  await page.close();
}
await browser.close();
