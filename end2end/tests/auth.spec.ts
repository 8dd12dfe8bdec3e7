import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test } from "@playwright/test";
import {
  ACCOUNTS,
  jsEnabled,
  mainNav,
  navLink,
  signIn,
  signOut,
  waitReady,
  type Role,
} from "./helpers";

const SCREENSHOTS = path.join(__dirname, "..", "..", "docs", "screenshots");

test.describe("each role sees its own main navigation", () => {
  for (const role of Object.keys(ACCOUNTS) as Role[]) {
    const account = ACCOUNTS[role];
    test(`${role} (${account.email})`, async ({ page }) => {
      await signIn(page, role);
      await expect(page).toHaveURL("/");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByText(`Signed in as ${account.name}`)).toBeVisible();
      for (const name of account.nav) {
        await expect(navLink(page, name)).toBeVisible();
      }
      for (const name of account.notNav) {
        await expect(navLink(page, name)).toHaveCount(0);
      }
      await expect(mainNav(page).getByRole("link")).toHaveCount(account.nav.length);
    });
  }
});

test("a wrong password stays on the sign-in page with an alert", async ({ page }) => {
  await page.goto("/sign-in");
  await waitReady(page);
  const email = ACCOUNTS.rep.email;
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  await expect(
    page.getByRole("alert").filter({ hasText: /e-mail or password is not right/i }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
  await expect(page.getByLabel("E-mail", { exact: true })).toHaveValue(email);
  await expect(page.getByText(/Signed in as/)).toHaveCount(0);
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "admin");
  await expect(navLink(page, "Admin")).toBeVisible();

  await signOut(page);
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect(navLink(page, "Home")).toBeVisible();
  await expect(navLink(page, "Programs")).toBeVisible();
  await expect(navLink(page, "Admin")).toHaveCount(0);

  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a rep may not open /admin (403)", async ({ page }) => {
  await signIn(page, "rep");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("an unknown path is a 404 page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("the admin sees every user on /admin", async ({ page }) => {
  await signIn(page, "admin");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  const table = page.getByRole("table", { name: "Users" });
  for (const account of Object.values(ACCOUNTS)) {
    await expect(table).toContainText(account.email);
  }
});

test.describe("screenshots for the docs", () => {
  test.beforeEach(() => {
    test.skip(!jsEnabled(), "screenshots are taken of the hydrated app only");
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  test("director's home on a tablet and a phone", async ({ page }) => {
    await signIn(page, "director");
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "home-tablet.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "home-phone.png"), fullPage: true });
  });

  test("the signed-out welcome page", async ({ page }) => {
    await page.goto("/");
    await waitReady(page);
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "welcome.png"), fullPage: true });
  });
});

test("a hydrated sign-in journey logs no console errors", async ({ page }) => {
  test.skip(!jsEnabled(), "only the hydrated app runs scripts");
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));

  await signIn(page, "director");
  await expect(page.getByText(`Signed in as ${ACCOUNTS.director.name}`)).toBeVisible();
  expect(errors).toEqual([]);
});
