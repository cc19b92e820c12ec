import { expect, test } from "@playwright/test";
import { LandingPage } from "./fixtures/landing-page";

test.describe("landing page", () => {
  test("explains the product and leads to the form", async ({ page }) => {
    const landing = new LandingPage(page);
    await landing.goto();
    await expect(landing.heading).toHaveText("Cold emails that sound like you did your homework.");
    await expect(page.getByRole("link", { name: "ColdCopy home" })).toBeVisible();
    await expect(landing.genericEmail).toBeVisible();
    await expect(landing.specificEmail).toBeVisible();
    await expect(page.getByRole("heading", { name: "Why founders use ColdCopy" })).toBeVisible();
    await expect(page.getByRole("contentinfo")).toContainText("ColdCopy");
    await expect(landing.primaryCta).toHaveAttribute("href", "/generate");
  });

  test("the highlight toggle works once the page has hydrated", async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== "js", "needs JavaScript");
    const violations: string[] = [];
    page.on("console", (msg) => {
      if (msg.text().includes("Content Security Policy")) violations.push(msg.text());
    });
    const landing = new LandingPage(page);
    await landing.goto();
    // The toggle is rendered by the browser only: its presence proves hydration ran.
    await expect(landing.highlightToggle).toHaveAttribute("aria-pressed", "false");
    await landing.highlightToggle.click();
    await expect(landing.highlightToggle).toHaveAttribute("aria-pressed", "true");
    await expect(landing.specificEmail).toHaveClass(/is-highlighted/);
    await landing.highlightToggle.click();
    await expect(landing.specificEmail).not.toHaveClass(/is-highlighted/);
    // Our CSP (nonce-only inline scripts, our own wasm) blocked nothing the page needs.
    expect(violations).toEqual([]);
  });

  test("without JavaScript the page is complete and shows no dead controls", async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== "no-js", "checks the server-rendered page");
    const landing = new LandingPage(page);
    await landing.goto();
    await expect(landing.specificEmail.getByText("One small, easy ask")).toBeVisible();
    await expect(landing.highlightToggle).toHaveCount(0);
    // The header's allowance is in the HTML itself, not streamed in by a script.
    await expect(page.getByText("1 free sequence left")).toBeVisible();
  });
});

test("an unknown page shows the 404 page with status 404", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);
});
