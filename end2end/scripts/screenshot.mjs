// Screenshots of pages at phone and desktop width, for looking at what we build:
//   node end2end/scripts/screenshot.mjs http://127.0.0.1:3000 / /generate ...   → target/screenshots/*.png
// SCREENSHOT_LANG=zh takes them in that interface language (its cookie; files named zh-…).
// SCREENSHOT_COOKIE=coldcopy_session=… takes them as that visitor (a sequence's owner).
import { launch, out } from "./screenshot-browser.mjs";

const [base, ...paths] = process.argv.slice(2);
const lang = process.env.SCREENSHOT_LANG;
const browser = await launch();
for (const width of [375, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const cookies = [];
  if (lang) cookies.push({ name: "coldcopy_lang", value: lang, url: base });
  const session = process.env.SCREENSHOT_COOKIE;
  if (session) {
    const [name, value] = session.split("=");
    cookies.push({ name, value, url: base });
  }
  await context.addCookies(cookies);
  const page = await context.newPage();
  for (const path of paths) {
    await page.goto(base + path, { waitUntil: "networkidle" });
    const stem = path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "").slice(0, 40) || "home";
    const name = `${lang ? `${lang}-` : ""}${stem}-${width}.png`;
    await page.screenshot({ path: `${out}/${name}`, fullPage: true });
    console.log(`${out}/${name}`);
  }
  await context.close();
}
await browser.close();
