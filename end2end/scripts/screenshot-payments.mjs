// Screenshots of the payment pages in each state, at phone and desktop width:
//   node end2end/scripts/screenshot-payments.mjs http://127.0.0.1:3100 http://127.0.0.1:3202 whsec_…
// needs the server (with Stripe keys) and the fake Stripe running → target/screenshots/pay-*.png
import { createHmac } from "node:crypto";
import { launch, out } from "./screenshot-browser.mjs";

const [base, stripe, secret] = process.argv.slice(2);
const browser = await launch();
const form = {
  company: "Ledgerly", job_title: "Financial Controller",
  problem: "Month-end close takes a week of manual reconciliation.",
  product: "Matches Stripe payouts to invoices automatically.",
  benefit: "Close the books in two days instead of seven.",
  cta: "Worth a 15-minute look next week?", tone: "direct", emails: "4", language: "en",
};
async function shot(page, name, width) {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: `${out}/pay-${name}-${width}.png`, fullPage: !name.startsWith("paywall") });
  console.log(`${out}/pay-${name}-${width}.png`);
}
for (const width of [375, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 860 } });
  const page = await context.newPage();
  await page.goto(base + "/pricing");
  await shot(page, "pricing-free", width);
  const res = await context.request.post(base + "/api/generate", { form, headers: { origin: base } });
  const id = await res.json();
  await page.goto(`${base}/s/${id}`);
  await shot(page, "results-banner", width);
  await page.goto(base + "/generate");
  await page.getByRole("dialog").waitFor();
  await page.waitForTimeout(300);
  await shot(page, "paywall", width);
  const checkout = await (await context.request.post(base + "/api/checkout", { form: { plan: "starter" }, headers: { origin: base } })).json();
  const cs = checkout.split("/").pop();
  await page.goto(checkout);
  await page.getByRole("button", { name: "Pay" }).click();
  await page.waitForURL(/billing\/success/);
  await shot(page, "success-confirming", width);
  const session = await (await fetch(`${stripe}/v1/checkout/sessions/${cs}`, { headers: { authorization: "Bearer sk_test_e2e" } })).json();
  const body = JSON.stringify({ id: `evt_shot_${width}`, object: "event", type: "checkout.session.completed", created: Math.floor(Date.now() / 1000), data: { object: session } });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  await fetch(`${base}/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` }, body });
  await page.getByText("You're on Starter").waitFor();
  await shot(page, "success-paid", width);
  await page.goto(base + "/pricing");
  await shot(page, "pricing-starter", width);
  const restore = await (await context.request.post(base + "/api/restore/new", { headers: { origin: base } })).json();
  const other = await browser.newContext({ viewport: { width, height: 860 } });
  const otherPage = await other.newPage();
  await otherPage.goto(restore);
  await shot(otherPage, "restore", width);
  await otherPage.goto(base + "/billing/cancel");
  await shot(otherPage, "cancel", width);
  await otherPage.goto(base + "/privacy");
  await shot(otherPage, "privacy", width);
  await other.close();
  await context.close();
}
await browser.close();
