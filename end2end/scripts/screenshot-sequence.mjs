// Screenshots of the results page (quality checks, the edit form with live checks, the rewrite
// paywall) at phone and desktop width:
//   node end2end/scripts/screenshot-sequence.mjs http://127.0.0.1:3000   → target/screenshots/sequence-*.png
import { launch, out } from "./screenshot-browser.mjs";

const [base] = process.argv.slice(2);
const browser = await launch();
for (const width of [375, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${base}/generate`, { waitUntil: "networkidle" });
  await page.getByLabel("Company / product name").fill("Ledgerly");
  await page.getByLabel("Target job title").fill("Financial Controller");
  await page.getByLabel("The problem they face").fill("Month-end close takes a full week of matching Stripe payouts to invoices by hand.");
  await page.getByLabel("What your product does").fill("Matches every Stripe payout to its invoices automatically and flags the exceptions.");
  await page.getByLabel("The key benefit").fill("Close the books in two days instead of seven.");
  await page.getByLabel("The call to action").fill("Worth a 15-minute look next week?");
  await page.getByRole("button", { name: /Write my sequence/ }).click();
  await page.waitForURL(/\/s\//);
  await page.waitForLoadState("networkidle");
  const shot = async (name) => {
    await page.screenshot({ path: `${out}/sequence-${name}-${width}.png`, fullPage: true });
    console.log(`${out}/sequence-${name}-${width}.png`);
  };
  await shot("results");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Email 2" }) });
  await card.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("textbox", { name: "Body" }).fill("Hi there!\n\nA free trial for your team. Act now. Book a demo: https://x.io and https://y.io");
  await page.getByRole("heading", { name: "Editing email 2" }).scrollIntoViewIfNeeded();
  await shot("editing");
  await page.getByRole("link", { name: "Cancel" }).click();
  await page.getByRole("link", { name: "Rewrite this email" }).first().click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/sequence-paywall-${width}.png` });
  console.log(`${out}/sequence-paywall-${width}.png`);
  // The instruction form, as `?rewrite=1` opens it.
  const url = page.url().split("?")[0].split("#")[0];
  await page.goto(`${url}?rewrite=1`, { waitUntil: "networkidle" });
  await page.getByLabel(/How should it change/).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/sequence-rewrite-${width}.png` });
  console.log(`${out}/sequence-rewrite-${width}.png`);
  await page.close();
}
await browser.close();
