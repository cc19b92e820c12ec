import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";
import { signIn } from "./fixtures/sign-in";

// The loopback mail system scripts/test.sh starts (postfix delivering into dovecot): the
// founder's mailbox and the lead's live there. The server sends a round every two seconds and
// reads the INBOX as often (CAMPAIGN_ROUND_SECONDS, CAMPAIGN_INBOX_SECONDS).
const submission = process.env.MAIL_SUBMISSION_PORT;
const imap = process.env.MAIL_IMAP_PORT;
const inbound = process.env.MAIL_SMTP_PORT;

/** An IANA zone where it is about noon now: a 09:00–17:00 window is open for hours. */
function zoneAtNoon(): string {
  const ahead = 12 - new Date().getUTCHours();
  if (ahead === 0) return "Etc/GMT";
  // POSIX signs: Etc/GMT-5 is five hours ahead of UTC.
  return ahead > 0 ? `Etc/GMT-${ahead}` : `Etc/GMT+${-ahead}`;
}

/** Reloads `page` until `check` passes (the no-js project has no live page). */
async function untilShown(page: Page, check: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 30_000, intervals: [500, 1_000] });
}

test("a founder connects a mailbox, starts a campaign, sees a lead marked replied, and answers it from the inbox", async ({ page }, info) => {
  test.skip(!submission || !imap || !inbound, "needs the loopback mail system (scripts/test.sh)");
  test.setTimeout(120_000);
  const stamp = `${info.project.name.replace(/\W/g, "")}${Date.now() % 1_000_000}`;
  const founder = `ana-${stamp}@ledgerly.test`;
  const lead = `maria-${stamp}@acme.test`;

  await signIn(page, founder);

  // A sequence, and a lead list with its first lines written.
  const form = new GeneratePage(page);
  await form.goto();
  await form.fill({ company: `Ledgerly ${stamp}` }, 3);
  await form.submit.click();
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await page.getByRole("link", { name: "First lines for a lead list" }).click();
  const csv = `email,first_name,company\n${lead},Maria,Acme\n`;
  await page.getByLabel("CSV file").setInputFiles({ name: "december.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and choose columns" }).click();
  await page.getByRole("button", { name: "Write the first lines" }).click();
  await expect(page.getByRole("heading", { name: "The leads" })).toBeVisible({ timeout: 30_000 });

  // The mailbox: the loopback servers, tested as it is connected.
  await page.goto("/mailboxes");
  await page.locator("#provider").selectOption("other");
  await page.locator("#address").fill(founder);
  await page.locator("#name").fill("Ana from Ledgerly");
  await page.locator("#password").fill("secret");
  await page.locator("summary").first().click();
  await page.locator("#smtp_host").fill("localhost");
  await page.locator("#smtp_port").fill(submission!);
  await page.locator("#imap_host").fill("localhost");
  await page.locator("#imap_port").fill(imap!);
  await page.locator("#signature").fill("Ana\nLedgerly");
  await page.getByRole("button", { name: "Test and connect" }).click();
  await expect(page.getByText(founder).first()).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);

  // The campaign: every day, 09:00–17:00 where it is noon now; the preview shows Maria's first
  // email.
  await page.goto("/campaigns/new");
  await page.locator("#name").fill(`December ${stamp}`);
  await page.locator("#time_zone").fill(zoneAtNoon());
  for (const day of ["Sat", "Sun"]) {
    const box = page.getByRole("checkbox", { name: day, exact: true });
    if (!(await box.isChecked())) await box.check();
  }
  await page.locator("#gap_minutes").fill("0");
  await page.locator("#jitter_minutes").fill("0");
  await page.getByRole("button", { name: "Create the draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Preview" })).toBeVisible();
  await expect(page.getByText(`The emails exactly as ${lead} gets them:`)).toBeVisible();
  await expect(page.locator(".campaign__body").first()).toContainText("Maria,");

  // Started, the first email goes.
  await page.getByRole("button", { name: "Start sending" }).click();
  const row = page.locator(".campaign__lead").filter({ hasText: lead });
  await untilShown(page, async () => {
    await expect(row).toContainText("Sent 1");
  });

  // Maria answers from her mailbox: the reply reaches Ana's INBOX through postfix.
  execFileSync("/usr/bin/python3", [
    "-c",
    "import smtplib, sys; from email.message import EmailMessage\n" +
      "m = EmailMessage(); m['From'] = sys.argv[2]; m['To'] = sys.argv[3]; m['Subject'] = 'Re: your email'\n" +
      "m.set_content('Thanks, tell me more.')\n" +
      "smtplib.SMTP('127.0.0.1', int(sys.argv[1])).send_message(m)",
    inbound!,
    lead,
    founder,
  ]);
  if (info.project.use.javaScriptEnabled !== false) {
    // The open page follows the sending by itself (it asks every 15 seconds): no reload here.
    await expect(row).toContainText("Replied", { timeout: 40_000 });
  } else {
    await untilShown(page, async () => {
      await expect(row).toContainText("Replied");
    });
  }
  await expect(row.getByRole("button", { name: "Stop" })).toHaveCount(0);

  // The reply is in the inbox with what ColdCopy took it for and why; the founder corrects the
  // summary, without script.
  await page.goto("/inbox");
  const message = page.locator(".inbox__message").filter({ hasText: "Thanks, tell me more." });
  await expect(message.locator(".inbox-kind")).toHaveText("Reply");
  await expect(message.locator(".inbox-summary")).toHaveText("Interested");
  await expect(message).toContainText("a person wrote it");
  await message.getByText("Not right? Correct it").click();
  await message.getByLabel("Summary").selectOption("question");
  await message.getByRole("button", { name: "Correct" }).click();
  await expect(page.getByText("Corrected: the lead follows what you said.")).toBeVisible();
  await expect(message.locator(".inbox-summary")).toHaveText("Question");
  await expect(message).toContainText("you corrected it");

  // The founder answers from the inbox with the suggestion edited, and Maria's mailbox receives
  // the answer in the thread.
  await message.getByRole("link", { name: "Answer" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Answer ${lead}`);
  const answer = page.getByLabel("Your answer");
  await expect(answer).toHaveValue(/Thanks for getting back to me\./);
  await answer.fill(`${await answer.inputValue()}\n\nP.S. Tuesday at 15:00 works for me.`);
  await page.getByRole("button", { name: "Send the answer" }).click();
  await expect(page.getByText("Your answer went in the same thread.")).toBeVisible();
  const folder = `${process.env.MAIL_DIR}/mail/acme.test/${lead.split("@")[0]}/Maildir/new`;
  await expect(async () => {
    const answers = readdirSync(folder)
      .map((name) => readFileSync(`${folder}/${name}`, "utf8"))
      .filter((mail) => mail.includes("Tuesday at 15:00 works for me."));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/^In-Reply-To: <[^>]+>\r?$/m);
    expect(answers[0]).toMatch(/^Subject: Re: your email\r?$/m);
  }).toPass({ timeout: 20_000 });
});
