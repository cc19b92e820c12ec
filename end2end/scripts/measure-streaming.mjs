// Time from submit to the first email on screen and to the whole sequence, in Chromium, against
// a server whose Claude is the fake at a fixed token rate. Streaming (JavaScript on) and the
// plain form post (JavaScript off), median of RUNS each. Run through bench/streaming.sh.
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3310";
const runs = Number(process.env.RUNS ?? 10);
const emails = String(process.env.EMAILS ?? 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function fill(page) {
  await page.goto(`${base}/generate`, { waitUntil: "networkidle" });
  await page.getByLabel("Company / product name").fill("Ledgerly");
  await page.getByLabel("Target job title").fill("Financial Controller");
  await page.getByLabel("The problem they face").fill("Month-end close takes a full week of matching payouts by hand.");
  await page.getByLabel("What your product does").fill("Matches every Stripe payout to its invoices automatically.");
  await page.getByLabel("The key benefit").fill("Close the books in two days instead of seven.");
  await page.getByLabel("The call to action").fill("Worth a 15-minute look next week?");
  await page.getByLabel("Number of emails").selectOption(emails);
}

const cards = (page) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /^Email \d$/ }) });

async function once(javaScriptEnabled) {
  // A new context is a new visitor with a free sequence.
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await fill(page);
  const started = Date.now();
  await page.getByRole("button", { name: "Write my sequence" }).click();
  await cards(page).first().waitFor({ state: "visible", timeout: 60_000 });
  const first = Date.now() - started;
  await page.waitForURL(/\/s\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await cards(page).nth(Number(emails) - 1).waitFor({ state: "visible", timeout: 60_000 });
  const whole = Date.now() - started;
  await context.close();
  return { first, whole };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`| path | runs | first email visible (median) | whole sequence (median) | first email (min–max) |`);
console.log(`|---|---|---|---|---|`);
for (const [label, js] of [["streaming (JavaScript on)", true], ["form post (JavaScript off)", false]]) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(js));
  const firsts = results.map((r) => r.first);
  console.log(`| ${label} | ${runs} | ${(median(firsts) / 1000).toFixed(2)} s | ${(median(results.map((r) => r.whole)) / 1000).toFixed(2)} s | ${(Math.min(...firsts) / 1000).toFixed(2)}–${(Math.max(...firsts) / 1000).toFixed(2)} s |`);
}
await browser.close();
