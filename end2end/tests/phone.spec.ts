import * as path from "node:path";
import { expect, test } from "@playwright/test";
import { jsEnabled, signIn, waitReady, type Role } from "./helpers";

// Every page at a phone's width (390 px): nothing may make the page scroll sideways (wide
// tables scroll inside their own frame). Screenshots land in test-results/phone for review.
test.use({ viewport: { width: 390, height: 844 } });

const SHOTS = path.join(__dirname, "..", "test-results", "phone");

const PAGES: { role: Role; path: string; heading: string | RegExp }[] = [
  { role: "rep", path: "/", heading: /Welcome/ },
  { role: "rep", path: "/businesses", heading: "Businesses" },
  { role: "rep", path: "/visits", heading: /visits/i },
  { role: "rep", path: "/visits/new", heading: "Record a visit" },
  { role: "rep", path: "/account/password", heading: "Change your password" },
  { role: "rep", path: "/committees", heading: "Committees and regional teams" },
  { role: "rep", path: "/notifications", heading: "Notifications" },
  { role: "director", path: "/visits", heading: /visits/i },
  { role: "admin", path: "/admin", heading: "Users" },
  { role: "admin", path: "/admin/organisation", heading: "Organisation" },
  { role: "admin", path: "/admin/slate", heading: "Slate of services" },
  { role: "admin", path: "/admin/visit-kinds", heading: "Visit categories and activity types" },
  { role: "admin", path: "/admin/counts", heading: "Establishment counts" },
  { role: "admin", path: "/admin/duplicates", heading: "Possible duplicates" },
];

async function noSidewaysScroll(page: import("@playwright/test").Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the page is wider than the phone").toBeLessThanOrEqual(0);
}

for (const { role, path: where, heading } of PAGES) {
  test(`${role} reads ${where} on a phone`, async ({ page }, testInfo) => {
    await signIn(page, role);
    await page.goto(where);
    await waitReady(page);
    await expect(page.getByRole("heading", { level: 1, name: heading }).first()).toBeVisible();
    await noSidewaysScroll(page);
    if (jsEnabled(testInfo)) {
      const name = `${role}${where.replaceAll("/", "-")}.png`;
      await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
    }
  });
}

test("a business page and a visit page on a phone", async ({ page }) => {
  await signIn(page, "rep");
  await page.goto("/visits");
  await waitReady(page);
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);
  await waitReady(page);
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(SHOTS, "rep-visit.png"), fullPage: true });
  await page.goto("/businesses");
  await waitReady(page);
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/businesses\/[0-9a-f-]{36}$/);
  await waitReady(page);
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(SHOTS, "rep-business.png"), fullPage: true });
});
