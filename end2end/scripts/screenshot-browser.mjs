// The headless Chromium the screenshot scripts use (Debian's; flags as in playwright.config.ts),
// and the folder they write to.
import { chromium } from "@playwright/test";
import { mkdirSync } from "node:fs";

export const out = process.env.SCREENSHOT_DIR ?? "target/screenshots";
mkdirSync(out, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
