import { defineConfig } from "@playwright/test";

// The server is started by `cargo leptos end-to-end`; global-setup waits until it answers.
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

// Debian's Chromium (no browser download is possible here); flags as measured in TOOLCHAIN.md.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL,
    launchOptions,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    // Proves hydration: tests here use things that only work once the wasm has loaded.
    { name: "js", use: { javaScriptEnabled: true } },
    // Proves the server-rendered pages are complete and forms post without JavaScript.
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
});
