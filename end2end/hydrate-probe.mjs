import { chromium } from "@playwright/test";
const base = process.env.BASE_URL ?? "http://127.0.0.1:3100";
const n = Number(process.env.N ?? 100);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox","--disable-gpu"] });
const times = [];
async function one(i) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const log = [];
  page.on("console", (m) => log.push(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => log.push(`pageerror: ${e}`));
  page.on("requestfailed", (r) => log.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => { if (r.status() >= 400) log.push(`status ${r.status()} ${r.url()}`); });
  const t0 = Date.now();
  const res = await page.goto(base + "/generate");
  const h = await res.allHeaders();
  if ((h["content-security-policy"] ?? "").startsWith("default-src 'none'")) {
    console.log(`#${i} DEFAULT CSP on document: status ${res.status()}`, JSON.stringify(h));
    const req = res.request();
    console.log("request headers", JSON.stringify(await req.allHeaders()));
    console.log("body head", (await res.text()).slice(0, 300));
  }
  try {
    await page.locator("form[data-hydrated], dialog.paywall:modal").first().waitFor({ state: "attached", timeout: 20000 });
    times.push(Date.now() - t0);
  } catch (e) {
    console.log(`#${i} NOT HYDRATED after 20 s`); 
    await page.screenshot({ path: `/tmp/hy/fail-${i}.png` });
  }
  if (false) console.log(`#${i} log:`, log.join(" | ").slice(0, 500));
  await ctx.close();
}
const par = Number(process.env.P ?? 2);
for (let i = 0; i < n; i += par) await Promise.all(Array.from({ length: par }, (_, k) => one(i + k)));
times.sort((a, b) => a - b);
console.log(`hydrated ${times.length}/${n}; median ${times[times.length >> 1]} ms; max ${times[times.length - 1]} ms`);
await browser.close();
