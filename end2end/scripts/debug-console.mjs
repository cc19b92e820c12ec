import { launch } from "./screenshot-browser.mjs";
const [url, cookie] = process.argv.slice(2);
const browser = await launch();
const context = await browser.newContext();
if (cookie) { const [name, value] = cookie.split("="); await context.addCookies([{ name, value, url }]); }
const page = await context.newPage();
page.on("console", (m) => console.log("console:", m.type(), m.text()));
page.on("pageerror", (e) => console.log("pageerror:", e.message));
await page.goto(url, { waitUntil: "networkidle" });
await page.waitForTimeout(1500);
console.log("modal:", await page.locator("dialog.paywall:modal").count(), "hydrated:", await page.locator("form[data-hydrated]").count());
await browser.close();
