// Screenshots of pages at phone and desktop width, for looking at what we build:
//   node end2end/scripts/screenshot.mjs http://127.0.0.1:3000 / /generate ...   → target/screenshots/*.png
import { launch, out } from "./screenshot-browser.mjs";

const [base, ...paths] = process.argv.slice(2);
const browser = await launch();
for (const width of [375, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const path of paths) {
    await page.goto(base + path, { waitUntil: "networkidle" });
    const name = (path.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "home") + `-${width}.png`;
    await page.screenshot({ path: `${out}/${name}`, fullPage: true });
    console.log(`${out}/${name}`);
  }
  await page.close();
}
await browser.close();
