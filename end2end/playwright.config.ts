import { defineConfig } from "@playwright/test";

// The server is started by `cargo leptos end-to-end`; global-setup waits until it answers. It has
// no Claude key, so the offline composer writes.
const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";

// A second server from the same release build, pointed at the fake Claude (the integration
// tests' fake, built by `cargo test` as an example) streaming at 150 tokens/s: the "claude"
// project runs the streaming tests against it.
const fakeClaudeAddr = process.env.FAKE_CLAUDE_ADDR ?? "127.0.0.1:3201";
const claudeAddr = process.env.CLAUDE_E2E_ADDR ?? "127.0.0.1:3102";
// The fake Stripe the main server sells through (scripts/test.sh gives it the address and keys).
const fakeStripeAddr = process.env.FAKE_STRIPE_ADDR ?? "127.0.0.1:3202";
// The SMTP server the main server mails sign-in links through (Debian's aiosmtpd on loopback,
// storing every message in a maildir the tests read: fixtures/mail.ts).
const smtpPort = process.env.E2E_SMTP_PORT ?? "3203";
const maildir = process.env.MAILDIR ?? "../target/e2e/maildir";

// Debian's Chromium (no browser download is possible here); flags as measured in TOOLCHAIN.md.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    // Shared memory in /tmp, not /dev/shm: a container's /dev/shm is often 64 MB, and a renderer
    // that runs out of it dies as "Page crashed" (one did on a back press in CI).
    "--disable-dev-shm-usage",
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
  timeout: 60_000,
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
  webServer: [
    {
      command: `../target/debug/examples/fake_claude ${fakeClaudeAddr} 150`,
      url: `http://${fakeClaudeAddr}/healthz`,
      timeout: 60_000,
      stdout: "ignore",
    },
    {
      command: `../target/debug/examples/fake_stripe ${fakeStripeAddr}`,
      url: `http://${fakeStripeAddr}/healthz`,
      timeout: 60_000,
      stdout: "ignore",
    },
    {
      command: `/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ${maildir}`,
      port: Number(smtpPort),
      timeout: 60_000,
      stdout: "ignore",
    },
    {
      command: "./target/release/coldcopy",
      cwd: "..",
      url: `http://${claudeAddr}/healthz`,
      timeout: 60_000,
      env: {
        LEPTOS_SITE_ADDR: claudeAddr,
        LEPTOS_SITE_ROOT: "target/site",
        DATABASE_URL: "sqlite://target/e2e/claude.db",
        ANTHROPIC_API_KEY: "sk-ant-fake-e2e",
        ANTHROPIC_BASE_URL: `http://${fakeClaudeAddr}`,
        LOG_LEVEL: "warn",
        // Inherited from scripts/test.sh otherwise: this server shows plans without selling them.
        STRIPE_SECRET_KEY: "",
        STRIPE_WEBHOOK_SECRET: "",
        // Nor does it send mail: sign-in is off there, and says so.
        SMTP_URL: "",
        MAIL_FROM: "",
        PUBLIC_URL: "",
      },
    },
  ],
  projects: [
    // Proves hydration: tests here use things that only work once the wasm has loaded.
    { name: "js", use: { javaScriptEnabled: true }, testIgnore: /streaming|unconfigured/ },
    // Proves the server-rendered pages are complete and forms post without JavaScript.
    { name: "no-js", use: { javaScriptEnabled: false }, testIgnore: /streaming|unconfigured/ },
    // Claude (the fake) writing at 150 tokens/s: emails appear one by one. This server has no
    // Stripe keys.
    {
      name: "claude",
      use: { javaScriptEnabled: true, baseURL: `http://${claudeAddr}` },
      testMatch: /streaming|unconfigured/,
    },
  ],
});
