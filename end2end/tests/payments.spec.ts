import { expect, test, type Page } from "@playwright/test";
import { GeneratePage } from "./fixtures/generate-page";
import { checkoutSession, deliverEvent, fakeStripe } from "./fixtures/stripe";

/** True when the focused element is inside the open paywall. */
async function focusInPaywall(page: Page): Promise<boolean> {
  return page.evaluate(() => !!document.activeElement?.closest("dialog.paywall"));
}

test.describe("with JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "needs JavaScript");

  test("free sequence, paywall, Starter through Stripe, a verified webhook, and the plan restored elsewhere", async ({
    page,
    browser,
    baseURL,
  }) => {
    // A long journey (two browsers, Stripe's page, a webhook, a rewrite): on a busy CI machine
    // each hydration can take seconds.
    test.slow();
    const form = new GeneratePage(page);
    await form.goto();
    await form.fill();
    await form.submit.click();
    await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
    // The results page offers more, and the offer can be dismissed.
    const banner = page.getByRole("complementary", { name: "Upgrade" });
    await expect(banner).toContainText("That was your free sequence.");
    await banner.getByRole("link", { name: "Dismiss" }).click();
    await expect(banner).toBeHidden();

    // The paywall: a modal that keeps focus inside and closes three ways.
    await form.goto();
    await expect(form.paywall).toBeVisible();
    await expect(form.paywall.getByRole("article", { name: "Starter plan" })).toContainText("$29");
    await expect(form.paywall.getByRole("article", { name: "Pro plan" })).toContainText("$49");
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      expect(await focusInPaywall(page)).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    expect(await focusInPaywall(page)).toBe(true);
    await page.keyboard.press("Escape");
    await expect(form.paywall).toBeHidden();

    const seePlans = page.getByRole("complementary", { name: "Upgrade" }).getByRole("link", { name: "See plans" });
    await seePlans.click();
    await expect(form.paywall).toBeVisible();
    await form.paywall.getByRole("link", { name: "Close" }).click();
    await expect(form.paywall).toBeHidden();

    await seePlans.click();
    await expect(form.paywall).toBeVisible();
    // A click outside the box, on the backdrop.
    await page.mouse.click(5, 5);
    await expect(form.paywall).toBeHidden();

    // Choose Starter: off to (the fake) Stripe's checkout page.
    await seePlans.click();
    await form.paywall.getByRole("button", { name: "Choose Starter" }).click();
    await expect(page).toHaveURL(new RegExp(`^${fakeStripe}/pay/cs_test_`));
    await expect(page.locator("#plan")).toHaveText("starter");
    const checkoutId = (await page.locator("#session").textContent())!.trim();

    // Paid; back on the success page before Stripe's webhook: confirming.
    await page.getByRole("button", { name: "Pay" }).click();
    await expect(page).toHaveURL(`${baseURL}/billing/success?session_id=${checkoutId}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Confirming your payment");

    // Stripe's signed event arrives a few seconds later (the page has asked more than once by
    // then); the page updates itself.
    await page.waitForTimeout(4_500);
    const paid = await checkoutSession(checkoutId);
    expect(paid.payment_status).toBe("paid");
    const res = await deliverEvent(baseURL!, "checkout.session.completed", paid);
    expect(res.status).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You're on Starter");
    const restoreUrl = (await page.locator("#restore-url").textContent())!.trim();
    expect(restoreUrl).toMatch(new RegExp(`^${baseURL}/restore/[0-9a-f]{64}$`));

    // A new sequence works.
    await form.goto();
    await expect(form.paywall).toHaveCount(0);
    await expect(page.locator(".plan-badge")).toContainText("Starter");
    await expect(page.locator(".plan-badge")).toContainText("25 sequences left");
    await form.fill({ company: "Ledgerly Paid" });
    await form.submit.click();
    await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Ledgerly Paid");

    // A paid plan rewrites one email (offline here: no Claude key), in place.
    const first = form.cards.nth(0);
    await expect(first.locator(".email-card__body")).toContainText("Hey {{first_name}},");
    await first.getByRole("link", { name: "Rewrite this email" }).click();
    await page.getByLabel(/How should it change/).fill("more formal please");
    await page.getByRole("button", { name: "Rewrite offline" }).click();
    const rewritten = form.cards.nth(0);
    await expect(rewritten.locator(".email-card__body")).toContainText("Hi {{first_name}},");
    await expect(rewritten.getByRole("status")).toContainText("Rewritten offline from your form, in a professional tone.");
    await expect(rewritten.getByText("Edited", { exact: true })).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);

    // The restore link gives a second browser the plan.
    const second = await browser.newContext();
    const other = await second.newPage();
    await other.goto(restoreUrl);
    await other.getByRole("button", { name: "Use my plan here" }).click();
    await expect(other).toHaveURL(/\/pricing\?restore=done$/);
    await expect(other.getByRole("heading", { name: "Your plan: Starter" })).toBeVisible();
    await expect(other.locator(".plan-badge")).toContainText("24 sequences left");
    // A paid plan's pricing page hydrates (the free plan's ships no wasm): a new restore link
    // is made in place.
    await other.getByRole("button", { name: "Make a new restore link" }).click();
    await expect(other.locator(".restore-link__url")).toHaveText(new RegExp(`^${baseURL}/restore/[0-9a-f]{64}$`));
    await expect(other.getByRole("button", { name: "Copy link" })).toBeVisible();
    await second.close();
  });
});

test.describe("without JavaScript", () => {
  test.skip(({ javaScriptEnabled }) => !!javaScriptEnabled, "the no-JavaScript path");

  test("the pricing page sells through a plain form post, and cancelling charges nothing", async ({ page }) => {
    await page.goto("/pricing");
    await expect(page.getByRole("article", { name: "Free plan" })).toContainText("Your plan");
    await page.getByRole("article", { name: "Pro plan" }).getByRole("button", { name: "Choose Pro" }).click();
    await expect(page).toHaveURL(new RegExp(`^${fakeStripe}/pay/cs_test_`));
    await expect(page.locator("#plan")).toHaveText("pro");
    await page.getByRole("link", { name: "Back" }).click();
    await expect(page).toHaveURL(/\/billing\/cancel$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nothing was charged");
    await page.getByRole("link", { name: "Back to the form" }).click();
    await expect(page).toHaveURL(/\/generate$/);
  });
});
