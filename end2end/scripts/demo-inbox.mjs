// A founder whose campaign got answers, for looking at /inbox: signs in, writes a sequence and a
// five-lead list, connects the loopback mailbox, starts a campaign, and has the leads answer (a
// reply in Chinese, a question, an out-of-office with a return date, an opt-out in words; the
// lead at bounce.test bounces by itself). Prints the login cookie for screenshot.mjs, and the
// first reply's answer page:
//   node end2end/scripts/demo-inbox.mjs http://127.0.0.1:3300
// Needs a release server with sign-in mail (MAILDIR: the aiosmtpd maildir its SMTP_URL stores
// into), the loopback mail system (MAIL_SUBMISSION_PORT, MAIL_IMAP_PORT, MAIL_SMTP_PORT), and
// CAMPAIGN_ROUND_SECONDS / CAMPAIGN_INBOX_SECONDS of a few seconds.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./screenshot-browser.mjs";

const [base] = process.argv.slice(2);
const env = process.env;
const stamp = Date.now() % 1_000_000;
const founder = `ana-${stamp}@ledgerly.test`;
const leads = {
  mei: `mei.chen-${stamp}@acme.test`,
  jon: `jon.baker-${stamp}@acme.test`,
  priya: `priya-${stamp}@acme.test`,
  sam: `sam.ortiz-${stamp}@acme.test`,
  gone: `kim-${stamp}@bounce.test`,
};

function signInLink(email) {
  const folder = join(env.MAILDIR, "new");
  const raw = readdirSync(folder)
    .map((name) => join(folder, name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
    .map((path) => readFileSync(path, "utf8").replace(/=\r?\n/g, "").replace(/=3D/g, "="))
    .filter((text) => text.includes(email))
    .at(-1);
  return raw.match(/https?:\/\/[^\s"<>]+\/signin\/[A-Za-z0-9_-]{43}/)[0];
}

/** A message from `from` to the founder through the loopback postfix, with extra headers. */
function send(from, subject, body, headers = {}) {
  execFileSync("/usr/bin/python3", [
    "-c",
    "import smtplib, sys, json; from email.message import EmailMessage\n" +
      "m = EmailMessage(); m['From'] = sys.argv[2]; m['To'] = sys.argv[3]; m['Subject'] = sys.argv[4]\n" +
      "[m.__setitem__(k, v) for k, v in json.loads(sys.argv[6]).items()]\n" +
      "m.set_content(sys.argv[5])\n" +
      "smtplib.SMTP('127.0.0.1', int(sys.argv[1])).send_message(m)",
    env.MAIL_SMTP_PORT, from, founder, subject, body, JSON.stringify(headers),
  ]);
}

const browser = await launch();
const context = await browser.newContext({ baseURL: base });
const page = await context.newPage();
page.setDefaultTimeout(60_000);

await page.goto("/signin");
await page.getByLabel("Email", { exact: true }).fill(founder);
await page.getByRole("button", { name: "Email me a sign-in link" }).click();
await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
await page.goto(signInLink(founder));
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.waitForURL(/\/account/);

await page.goto("/generate");
await page.getByLabel("Company / product name").fill("Ledgerly");
await page.getByLabel("Target job title").fill("Financial Controller");
await page.getByLabel("The problem they face").fill("Month-end close takes a full week of matching Stripe payouts to invoices by hand.");
await page.getByLabel("What your product does").fill("Matches every Stripe payout to its invoices automatically and flags the exceptions.");
await page.getByLabel("The key benefit").fill("Close the books in two days instead of seven.");
await page.getByLabel("The call to action").fill("Worth a 15-minute look next week?");
await page.getByLabel("Number of emails").selectOption("3");
await page.getByRole("button", { name: /Write my sequence/ }).click();
await page.waitForURL(/\/s\/[0-9a-f-]{36}$/);
await page.getByRole("link", { name: "First lines for a lead list" }).click();
const csv = ["email,first_name,company",
  `${leads.mei},Mei,Hua Finance`, `${leads.jon},Jon,Contoso`, `${leads.priya},Priya,Northwind`,
  `${leads.sam},Sam,Globex`, `${leads.gone},Kim,Oldhost`].join("\n");
await page.getByLabel("CSV file").setInputFiles({ name: "december.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
await page.getByRole("button", { name: "Upload and choose columns" }).click();
await page.getByRole("button", { name: "Write the first lines" }).click();
await page.getByRole("heading", { name: "The leads" }).waitFor();

await page.goto("/mailboxes");
await page.locator("#provider").selectOption("other");
await page.locator("#address").fill(founder);
await page.locator("#name").fill("Ana Lopez");
await page.locator("#password").fill("secret");
await page.locator("summary").first().click();
await page.locator("#smtp_host").fill("localhost");
await page.locator("#smtp_port").fill(env.MAIL_SUBMISSION_PORT);
await page.locator("#imap_host").fill("localhost");
await page.locator("#imap_port").fill(env.MAIL_IMAP_PORT);
await page.getByRole("button", { name: "Test and connect" }).click();

await page.goto("/campaigns/new");
await page.locator("#name").fill("December push");
const ahead = 12 - new Date().getUTCHours();
await page.locator("#time_zone").fill(ahead === 0 ? "Etc/GMT" : ahead > 0 ? `Etc/GMT-${ahead}` : `Etc/GMT+${-ahead}`);
for (const day of ["Sat", "Sun"]) {
  const box = page.getByRole("checkbox", { name: day, exact: true });
  if (!(await box.isChecked())) await box.check();
}
await page.locator("#gap_minutes").fill("0");
await page.locator("#jitter_minutes").fill("0");
await page.locator("#daily_cap").fill("10");
await page.getByRole("button", { name: "Create the draft" }).click();
await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
await page.getByRole("button", { name: "Start sending" }).click();
for (let i = 0; i < 60; i++) {
  await page.reload();
  if ((await page.locator(".campaign__lead").filter({ hasText: "Sent 1" }).count()) >= 4) break;
  await page.waitForTimeout(1_000);
}

send(leads.mei, "回复：月末结账只需两天", "您好 Ana，\n\n我们对这个很感兴趣。下周二下午可以聊聊吗？\n\n陈美\n\n在 2026年12月7日，Ana 写道：\n> 您好");
send(leads.jon, "Re: Month-end close in two days", "Hi Ana,\n\nWhat does it cost for a team of four, and does it work with Xero?\n\nJon\n\nOn Mon, Ana Lopez wrote:\n> Hi Jon,");
send(leads.priya, "Automatic reply: Month-end close in two days",
  "Thank you for your message. I am out of the office from December 4 until December 21 with limited access to email.",
  { "Auto-Submitted": "auto-replied" });
send(leads.sam, "Re: Month-end close in two days", "Please remove me from your list.\n\nSam");
for (let i = 0; i < 60; i++) {
  await page.goto("/inbox");
  if ((await page.locator(".inbox__message").count()) >= 5) break;
  await page.waitForTimeout(1_000);
}
const login = (await context.cookies()).find((c) => c.name === "coldcopy_login");
console.log(`coldcopy_login=${login.value}`);
console.log(await page.locator(".inbox__answer-link a").first().getAttribute("href"));
await browser.close();
