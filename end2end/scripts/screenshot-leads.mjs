// Screenshots of the lead-list pages (upload, an upload refused, the mapping, the progress
// bar, the review with a refused edit, the export) at phone and desktop width. Against a server
// whose Claude is slow enough to see the progress (the fake at a low token rate):
//   node end2end/scripts/screenshot-leads.mjs http://127.0.0.1:3000   → target/screenshots/leads-*.png
// SCREENSHOT_LANG=zh walks the same journey in the Chinese interface (files named zh-leads-…).
import { launch, out } from "./screenshot-browser.mjs";

const [base] = process.argv.slice(2);
const lang = process.env.SCREENSHOT_LANG === "zh" ? "zh" : "en";
// What the journey clicks and reads, in each interface language.
const L = {
  en: {
    company: "Company / product name", title: "Target job title", problem: "The problem they face",
    product: "What your product does", benefit: "The key benefit", cta: "The call to action",
    write: /Write my sequence/, leadLink: "First lines for a lead list", upload: "Upload and choose columns",
    file: "CSV file", mapping: "Which column holds what?", preview: "The first 5 rows",
    start: "Write the first lines", progress: "Writing the first lines", review: "The leads",
    edit: "Edit the line", save: "Save the line", fallback: "When {{firstName}} is empty, send",
    useFallbacks: "Use these fallbacks", fallbackValue: "there",
  },
  zh: {
    company: "公司 / 产品名称", title: "目标职位", problem: "他们面临的问题",
    product: "你的产品做什么", benefit: "核心好处", cta: "行动号召",
    write: /写我的序列/, leadLink: "为线索名单写开场白", upload: "上传并选择列",
    file: "CSV 文件", mapping: "每一列是什么？", preview: "前 5 行",
    start: "撰写开场白", progress: "正在撰写开场白", review: "线索",
    edit: "编辑开场白", save: "保存开场白", fallback: "{{firstName}} 为空时发送",
    useFallbacks: "使用这些备用值", fallbackValue: "你好",
  },
}[lang];
const prefix = lang === "zh" ? "zh-leads" : "leads";
const rows = ["email,first_name,last_name,company,title,notes,latest_funding"];
const facts = [
  // A right-to-left override in the notes (the mapping names the rows, the review each lead).
  ["Acme", "Acme opened an office in \u202eLisbon\u202c in 2025.", "Raised a $12M Series A led by Index Ventures"],
  ["Globex", "", ""],
  ["Initech", "Moved its finance team to Stripe Billing last spring.", ""],
  ["Hooli", "nice people", ""],
];
for (let i = 0; i < 60; i++) {
  const [company, notes, funding] = facts[i % facts.length];
  // Every seventh lead has no first name (the variable check offers a fallback for it).
  const first = i % 7 === 3 ? "" : `Ana${i}`;
  rows.push(`lead${i}@${company.toLowerCase()}.io,${first},Lopez,${company},VP Finance,"${notes}","${funding}"`);
}
const csv = Buffer.from(rows.join("\r\n") + "\r\n", "utf8");

const browser = await launch();
for (const width of [375, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  await context.addCookies([{ name: "coldcopy_lang", value: lang, url: base }]);
  const page = await context.newPage();
  const shot = async (name, full = true) => {
    await page.screenshot({ path: `${out}/${prefix}-${name}-${width}.png`, fullPage: full });
    console.log(`${out}/${prefix}-${name}-${width}.png`);
  };
  await page.goto(`${base}/generate`, { waitUntil: "networkidle" });
  await page.getByLabel(L.company).fill("Ledgerly");
  await page.getByLabel(L.title).fill("Financial Controller");
  await page.getByLabel(L.problem).fill("Month-end close takes a full week of matching Stripe payouts to invoices by hand.");
  await page.getByLabel(L.product).fill("Matches every Stripe payout to its invoices automatically and flags the exceptions.");
  await page.getByLabel(L.benefit).fill("Close the books in two days instead of seven.");
  await page.getByLabel(L.cta).fill("Worth a 15-minute look next week?");
  await page.getByRole("button", { name: L.write }).click();
  await page.waitForURL(/\/s\/[0-9a-f-]{36}$/);
  await page.waitForLoadState("networkidle");
  await page.getByRole("link", { name: L.leadLink }).click();
  await page.getByRole("heading", { level: 1 }).waitFor();
  await shot("upload");
  await page.getByRole("button", { name: L.upload }).click();
  await page.getByRole("alert").waitFor();
  await shot("upload-refused");
  // An Excel workbook uploaded as it is: refused by what it is.
  const xlsx = Buffer.concat([Buffer.from("PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", "latin1"), Buffer.from("PK\x03\x04xl/workbook.xml", "latin1")]);
  await page.getByLabel(L.file).setInputFiles({ name: "leads.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: xlsx });
  await page.getByRole("button", { name: L.upload }).click();
  await page.getByRole("alert").waitFor();
  await shot("upload-not-text");
  await page.getByLabel(L.file).setInputFiles({ name: "apollo-export.csv", mimeType: "text/csv", buffer: csv });
  await page.getByRole("button", { name: L.upload }).click();
  await page.getByRole("heading", { name: L.mapping }).waitFor();
  await page.getByText(L.preview).click();
  await shot("mapping");
  await page.getByRole("button", { name: L.start }).click();
  await page.getByRole("heading", { name: L.progress }).waitFor();
  await page.waitForTimeout(1500);
  await shot("progress");
  await page.getByRole("heading", { name: L.review, exact: true }).waitFor({ timeout: 60_000 });
  await shot("review");
  const card = page.locator(".lead-card").first();
  await card.getByText(L.edit).click();
  await card.getByRole("textbox").fill("Loved your keynote at Davos last week — impressive stuff!");
  await card.getByRole("button", { name: L.save }).click();
  await page.locator(".lead-card .field__error").first().waitFor();
  await page.locator(".lead-card").first().scrollIntoViewIfNeeded();
  await shot("refused-edit", false);
  await page.locator("#export").scrollIntoViewIfNeeded();
  await shot("export", false);
  await page.getByLabel(L.fallback).fill(L.fallbackValue);
  await page.getByRole("button", { name: L.useFallbacks }).click();
  await page.waitForURL(/fb_firstName=/);
  await page.waitForLoadState("networkidle");
  await page.locator("#export").scrollIntoViewIfNeeded();
  await shot("export-fallback", false);
  await context.close();
}
await browser.close();
