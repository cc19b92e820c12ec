import { expect, test, type Page } from "@playwright/test";
import { founder } from "./fixtures/generate-page";

/** Switches the interface to Chinese from the header, as a visitor does (a plain link). */
async function switchToChinese(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("link", { name: "简体中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("冷邮件，写得像你做足了功课。");
}

test("in Chinese: switch, write a sequence, edit an email, export it, switch back", async ({ page, javaScriptEnabled }) => {
  await switchToChinese(page);
  await page.getByRole("link", { name: "免费写我的序列" }).click();
  await expect(page).toHaveURL(/\/generate$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("写你的序列");
  if (javaScriptEnabled) {
    await expect(page.locator("form[data-hydrated]")).toBeAttached({ timeout: 30_000 });
  }
  // A new form writes the emails in the interface's language.
  await expect(page.getByLabel("邮件语言")).toHaveValue("zh");

  const jobTitle = page.getByLabel("目标职位");
  if (javaScriptEnabled) {
    // The live check speaks Chinese too.
    await jobTitle.fill("X");
    await jobTitle.blur();
    await expect(page.locator("#job_title-message")).toHaveText("“目标职位”至少需要 2 个字符（现在是 1 个）。");
  }
  await page.getByLabel("公司 / 产品名称").fill("Ledgerly 中文");
  await jobTitle.fill("财务总监");
  await page.getByLabel("他们面临的问题").fill("每到月末结账，都要花整整一周手工核对 Stripe 打款和发票。");
  await page.getByLabel("你的产品做什么").fill(founder.product);
  await page.getByLabel("核心好处").fill("结账从七天缩短到两天。");
  await page.getByLabel("行动号召").fill("下周花 15 分钟看一看？");
  await page.getByLabel("随意").check();
  await page.getByLabel("邮件数量").selectOption("3");
  await page.getByRole("button", { name: "写我的序列" }).click();

  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
  await expect(page.getByText("质量检查", { exact: true })).toBeVisible();
  await expect(page.getByText("离线撰写", { exact: true })).toBeVisible();
  await expect(page.getByText("Quality checks")).toHaveCount(0);
  const cards = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /^第 \d 封邮件$/ }) });
  await expect(cards).toHaveCount(3);

  // Edit the second email (without JavaScript the link opens the server's edit form).
  await cards.nth(1).getByRole("link", { name: "编辑" }).click();
  const editor = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "正在编辑第 2 封邮件" }) });
  await editor.getByLabel("标题 A").fill("月末结账，两天搞定");
  await editor.getByLabel("正文").fill("{{first_name}}，你好：\n\n只留一句话。\n\n—— {{sender_name}}");
  await editor.getByRole("button", { name: "保存" }).click();
  await expect(cards.nth(1)).toContainText("月末结账，两天搞定");
  await expect(cards.nth(1).getByText("已编辑", { exact: true })).toBeVisible();
  // The edited Chinese email is checked by Chinese rules: its length in characters, and the
  // English-only checks said to be off rather than warned.
  await expect(cards.nth(1).locator(".lint__off")).toContainText("中文邮件不做这些检查");

  // Export for lemlist: the file holds the edit (the link, fetched in this browser's session).
  const href = await page.locator('a[data-format="lemlist"]').getAttribute("href");
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(await file.text()).toContain("月末结账，两天搞定");

  // Back to English, on the same page: the sequence is unchanged, the interface English.
  // The switch is a plain link to the server, which never sees the "#email-2" the save left in
  // the address: the same page comes back, without the fragment.
  const here = page.url().split("#")[0];
  await page.getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(new RegExp(`^${here.replace(/[.?*+^$()[\]{}|\\/]/g, "\\$&")}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByText("Quality checks", { exact: true })).toBeVisible();
  await expect(page.getByText("月末结账，两天搞定")).toBeVisible();
});
