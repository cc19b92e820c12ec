// Screenshots of this round's journeys at phone and desktop width: the form's refused submit
// (its summary), a sequence's first screen and its Export menu, the history, the sending
// tools' guide and the pricing page. Against a server with the offline composer:
//   node end2end/scripts/screenshot-journeys.mjs http://127.0.0.1:3000   → target/screenshots/journeys-*.png
// SCREENSHOT_LANG=zh walks the same pages in the Chinese interface (files named zh-journeys-…).
import { launch, out } from "./screenshot-browser.mjs";

const [base] = process.argv.slice(2);
const lang = process.env.SCREENSHOT_LANG === "zh" ? "zh" : "en";
const prefix = lang === "zh" ? "zh-journeys" : "journeys";
const browser = await launch();
for (const width of [375, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, timezoneId: "Europe/Lisbon" });
  await context.addCookies([{ name: "coldcopy_lang", value: lang, url: base }]);
  const page = await context.newPage();
  const shot = async (name, full = false) => {
    await page.screenshot({ path: `${out}/${prefix}-${name}-${width}.png`, fullPage: full });
    console.log(`${out}/${prefix}-${name}-${width}.png`);
  };
  // The form, submitted with one answer only: the summary, and the first field in view.
  await page.goto(`${base}/generate`, { waitUntil: "networkidle" });
  await page.locator("form[data-hydrated=true]").waitFor();
  await page.locator("#field-job_title").fill("Financial Controller");
  await page.locator(".form-submit button[type=submit]").click();
  await page.locator("#form-summary").waitFor();
  await page.waitForTimeout(800);
  await shot("summary");
  // Two sequences with the same title (the history tells them apart).
  for (const cta of ["Worth a 15-minute look next week?", "Open to a short call on Thursday?"]) {
    await page.goto(`${base}/generate?blank=1`, { waitUntil: "networkidle" });
    await page.locator("form[data-hydrated=true]").waitFor();
    await page.locator("#field-company").fill("Ledgerly");
    await page.locator("#field-job_title").fill("Financial Controller");
    await page.locator("#field-problem").fill("Month-end close takes a full week of matching Stripe payouts to invoices by hand.");
    await page.locator("#field-product").fill("Matches every Stripe payout to its invoices automatically and flags the exceptions.");
    await page.locator("#field-benefit").fill("Close the books in two days instead of seven.");
    await page.locator("#field-cta").fill(cta);
    await page.locator(".form-submit button[type=submit]").click();
    await page.waitForURL(/\/s\/[0-9a-f-]{36}$/);
    await page.locator(".quality").waitFor({ timeout: 60_000 });
  }
  // Opened afresh (the reload that follows the writing keeps the reader's place).
  await page.goto(page.url(), { waitUntil: "networkidle" });
  await shot("sequence");
  await page.locator("#exports summary").click();
  await shot("export-menu");
  await page.goto(`${base}/history`, { waitUntil: "networkidle" });
  await shot("history", true);
  await page.goto(`${base}/tools`, { waitUntil: "networkidle" });
  await shot("tools", true);
  await page.goto(`${base}/pricing`, { waitUntil: "networkidle" });
  await shot("pricing", true);
  await context.close();
}
await browser.close();
