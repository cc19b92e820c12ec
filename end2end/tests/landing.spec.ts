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

  test("the highlight switch marks the specifics, with or without JavaScript", async ({ page }) => {
    const landing = new LandingPage(page);
    await landing.goto();
    const firstMark = landing.specificEmail.locator("mark").first();
    await expect(landing.highlightSwitch).not.toBeChecked();
    await expect(firstMark).toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
    await landing.highlightSwitch.check();
    await expect(landing.highlightSwitch).toBeChecked();
    await expect(firstMark).toHaveCSS("background-color", "rgb(255, 241, 168)");
    await landing.highlightSwitch.uncheck();
    await expect(firstMark).toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
  });

  test("the landing page loads no script or wasm, and the policy blocks nothing", async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== "js", "needs JavaScript");
    const violations: string[] = [];
    page.on("console", (msg) => {
      if (msg.text().includes("Content Security Policy")) violations.push(msg.text());
    });
    const loaded: string[] = [];
    page.on("request", (req) => loaded.push(new URL(req.url()).pathname));
    const landing = new LandingPage(page);
    await landing.goto();
    await page.waitForLoadState("networkidle");
    // Everything on the page works without JavaScript, so none is sent (issue 17: a phone
    // shows the page from the HTML and the stylesheet alone).
    expect(loaded.filter((path) => /\.(wasm|js)$/.test(path))).toEqual([]);
    expect(loaded.some((path) => path.endsWith(".css"))).toBe(true);
    expect(violations).toEqual([]);
    // The form, one click away, still hydrates.
    await landing.primaryCta.click();
    await expect(page.locator("form[data-hydrated=true]")).toBeVisible();
  });

  test("without JavaScript the page is complete", async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== "no-js", "checks the server-rendered page");
    const landing = new LandingPage(page);
    await landing.goto();
    await expect(landing.specificEmail.getByText("One small, easy ask")).toBeVisible();
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
