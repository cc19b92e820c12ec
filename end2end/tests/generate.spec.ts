import { expect, test } from "@playwright/test";
import { GeneratePage, founder, holdBackWasm } from "./fixtures/generate-page";

test.describe("with JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "needs JavaScript");

  test("a founder writes a sequence, copies a body, reloads, and meets the paywall", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const form = new GeneratePage(page);
    await form.goto();
    await expect(page.getByText("1 free sequence left")).toBeVisible();
    await expect(page.getByText("Offline composer", { exact: true })).toBeVisible();

    await form.fill();
    await form.submit.click();

    await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Ledgerly");
    await expect(page.getByText("Composed offline", { exact: true })).toBeVisible();
    const cards = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /^Email \d$/ }) });
    await expect(cards).toHaveCount(4);
    await expect(cards.nth(3)).toContainText("Day 14");
    await expect(page.getByText("No free sequences left")).toBeVisible();

    // Copy the first body: the clipboard holds exactly what the card shows.
    const first = cards.first();
    await first.getByRole("button", { name: "Copy body" }).click();
    await expect(first.getByRole("button", { name: "Copy body" })).toHaveText("Copied");
    await expect(page.getByRole("status")).toContainText("Copied to clipboard");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(founder.problem);
    expect(copied).toContain("Hey {{first_name}},");

    // Survives a reload.
    const url = page.url();
    await page.reload();
    await expect(page).toHaveURL(url);
    await expect(cards).toHaveCount(4);

    // A second try: the paywall explains, links to the saved sequence, and closes.
    await form.goto();
    await expect(form.paywall).toBeVisible();
    await expect(form.paywall.getByRole("link", { name: "Open your sequence" })).toHaveAttribute("href", new URL(url).pathname);
    await form.paywall.getByRole("link", { name: "Close" }).click();
    await expect(form.paywall).toBeHidden();

    await form.fill({ company: "Ledgerly Two" });
    await form.submit.click();
    await expect(form.paywall).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(form.paywall).toBeHidden();
    // Nothing the founder typed was lost.
    await expect(form.company).toHaveValue("Ledgerly Two");
  });

  test("what a founder types before the page has hydrated is kept, counted and sent", async ({ page }) => {
    // The wasm held back until the founder has typed (a slow connection).
    const release = await holdBackWasm(page);
    const form = new GeneratePage(page);
    await page.goto("/generate");
    await form.company.fill("Typed Early");
    await form.problem.fill(founder.problem);
    await expect(page.locator("form[data-hydrated]")).toHaveCount(0);

    release();
    await expect(page.locator("form[data-hydrated]")).toBeAttached({ timeout: 30_000 });
    await expect(form.company).toHaveValue("Typed Early");
    await expect(form.problem).toHaveValue(founder.problem);
    await expect(page.locator("#company-counter")).toHaveText("11/60");

    // The rest typed now; the early text goes with it.
    await form.jobTitle.fill(founder.jobTitle);
    await form.product.fill(founder.product);
    await form.benefit.fill(founder.benefit);
    await form.cta.fill(founder.cta);
    await form.submit.click();
    await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Typed Early");
  });

  test("fields check themselves live, with counters", async ({ page }) => {
    const form = new GeneratePage(page);
    await form.goto();
    await form.jobTitle.fill("X");
    await expect(page.getByText("1/100")).toBeVisible();
    await expect(form.message(form.jobTitle)).toBeEmpty();
    await form.jobTitle.blur();
    await expect(form.message(form.jobTitle)).toHaveText("Target job title needs at least 2 characters (it has 1).");
    await expect(form.jobTitle).toHaveAttribute("aria-invalid", "true");
    await form.jobTitle.fill("VP Finance");
    await expect(form.message(form.jobTitle)).toBeEmpty();

    // Submitting an incomplete form shows every message, sends nothing, and focuses the first.
    await form.submit.click();
    await expect(form.message(form.company)).toHaveText("Company / product name is required.");
    await expect(form.message(form.cta)).toHaveText("The call to action is required.");
    await expect(form.company).toBeFocused();
    await expect(page).toHaveURL(/\/generate$/);
    // A summary names what is missing, and the first field is in view below the sticky header.
    const summary = page.locator("#form-summary");
    await expect(summary).toContainText("5 answers need your attention before ColdCopy can write:");
    await expect(summary.getByRole("link", { name: "Company / product name" })).toBeVisible();
    // The page scrolls smoothly: wait for it to settle with both in view, the summary's top
    // below the sticky header.
    await expect(summary).toBeInViewport();
    await expect(form.company).toBeInViewport();
    const header = (await page.locator(".site-header").boundingBox())!;
    await expect.poll(async () => (await summary.boundingBox())!.y).toBeGreaterThanOrEqual(header.y + header.height);
  });
});

test.describe("without JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => javaScriptEnabled, "checks the server-rendered form");

  test("the form posts, comes back with messages and the values kept, then shows the results", async ({ page }) => {
    const form = new GeneratePage(page);
    await form.goto();
    await form.fill({ jobTitle: "X" });
    await form.submit.click();

    await expect(page).toHaveURL(/\/generate\?/);
    await expect(form.message(form.jobTitle)).toHaveText("Target job title needs at least 2 characters (it has 1).");
    // The same summary as with JavaScript, rendered by the server.
    await expect(page.locator("#form-summary")).toContainText("One answer needs your attention before ColdCopy can write:");
    await expect(page.locator("#form-summary").getByRole("link", { name: "Target job title" })).toHaveAttribute("href", "#field-job_title");
    await expect(form.company).toHaveValue(founder.company);
    await expect(form.problem).toHaveValue(founder.problem);
    await expect(page.getByLabel("Casual")).toBeChecked();

    await form.jobTitle.fill(founder.jobTitle);
    await form.submit.click();
    await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: "Email 4" })).toBeVisible();
    await expect(page.getByText("Composed offline", { exact: true })).toBeVisible();
    // No controls that need JavaScript.
    await expect(page.getByRole("button", { name: "Copy body" })).toHaveCount(0);

    // The paywall closes through its link.
    await form.goto();
    await expect(form.paywall).toBeVisible();
    await form.paywall.getByRole("link", { name: "Close" }).click();
    await expect(form.paywall).toBeHidden();
  });
});
