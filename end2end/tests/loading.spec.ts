import { expect, test, type Page } from "@playwright/test";
import { axeViolations, jsEnabled, mainNav, signIn, waitReady } from "./helpers";

// Each group of pages has its own wasm files (app/src/shell.rs), fetched when one of its pages
// first opens. These journeys cut those fetches, as a dropped connection on a first visit would,
// and check the app says so and recovers instead of dying. The service worker is kept out: it
// would serve the files from what it keeps.
test.use({ serviceWorkers: "block" });

/** Every page group's wasm file; the main module (`bizworks.wasm`) still loads. */
const GROUP_WASM = /\/pkg\/(split|chunk)_[^/]*\.wasm$/;

/**
 * Uncaught errors on the page, but for the fetches these journeys refuse on purpose (the split
 * loader reports each as "Failed to fetch"): a panic of the app would be here.
 */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => {
    if (error.message !== "Failed to fetch") errors.push(error.message);
  });
  return errors;
}

async function cutGroupCode(page: Page): Promise<string[]> {
  const refused: string[] = [];
  await page.route(GROUP_WASM, (route) => {
    refused.push(new URL(route.request().url()).pathname);
    return route.abort("internetdisconnected");
  });
  return refused;
}

/**
 * Refuses each page group file the first two times it is asked for, as a connection that blips:
 * only an attempt made after a pause gets it.
 */
async function dropGroupCodeTwice(page: Page): Promise<string[]> {
  const refused: string[] = [];
  await page.route(GROUP_WASM, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (refused.filter((p) => p === path).length >= 2) return route.continue();
    refused.push(path);
    return route.abort("internetdisconnected");
  });
  return refused;
}

test("a page whose code drops is fetched again after a pause and opens without a notice", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "only the wasm app loads code by page");
  const errors = pageErrors(page);
  await signIn(page, "rep");

  const refused = await dropGroupCodeTwice(page);
  await mainNav(page).getByRole("link", { name: "Visits", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Visits" })).toBeVisible();
  await expect(page).toHaveURL("/visits");
  await expect(page.getByRole("alert").filter({ hasText: "could not be opened" })).toHaveCount(0);
  expect(refused.length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test("a first load whose page code drops still hydrates", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "only the wasm app loads code by page");
  const errors = pageErrors(page);
  await signIn(page, "rep");

  const refused = await dropGroupCodeTwice(page);
  await page.goto("/visits");
  await waitReady(page);
  await expect(page.getByRole("alert").filter({ hasText: "Part of this page did not load." })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: "Visits" })).toBeVisible();
  await expect(page).toHaveTitle("Visits · BizWorks");
  expect(refused.length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test("a page whose code did not arrive opens by itself when the device is back online", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "only the wasm app loads code by page");
  const errors = pageErrors(page);
  await signIn(page, "rep");

  await cutGroupCode(page);
  await mainNav(page).getByRole("link", { name: "Visits", exact: true }).click();
  const notice = page.getByRole("alert").filter({ hasText: "This page could not be opened" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("It opens by itself when this device comes back online.");

  // The browser goes offline and back: its "online" event is the cue, no click needed.
  await page.unroute(GROUP_WASM);
  await page.context().setOffline(true);
  const reloaded = page.waitForEvent("load");
  await page.context().setOffline(false);
  await reloaded;
  await waitReady(page);
  await expect(page).toHaveURL("/visits");
  await expect(page.getByRole("heading", { level: 1, name: "Visits" })).toBeVisible();
  await expect(notice).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a page whose code does not arrive says so, and opens when tried again", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "only the wasm app loads code by page");
  const errors = pageErrors(page);
  await signIn(page, "rep");

  const refused = await cutGroupCode(page);
  await mainNav(page).getByRole("link", { name: "Visits", exact: true }).click();
  const notice = page.getByRole("alert").filter({ hasText: "This page could not be opened" });
  await expect(notice).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "This page could not be opened" })).toBeVisible();
  await expect(notice).toContainText("What is stored on this device is safe.");
  expect(refused.length).toBeGreaterThan(0);
  await expect(page).toHaveTitle("Page not loaded · BizWorks");
  expect(await axeViolations(page)).toEqual([]);
  // The app is still alive: the header's links still navigate.
  await mainNav(page).getByRole("link", { name: "Home", exact: true }).click();
  await expect(page).toHaveURL("/");
  await expect(notice).toHaveCount(0);

  // Back on the failed page, the connection restored, "Try again" opens it.
  await mainNav(page).getByRole("link", { name: "Visits", exact: true }).click();
  await expect(notice).toBeVisible();
  await page.unroute(GROUP_WASM);
  await notice.getByRole("link", { name: "Try again" }).click();
  await waitReady(page);
  await expect(page).toHaveURL("/visits");
  await expect(page.getByRole("heading", { level: 1, name: "Visits" })).toBeVisible();
  await expect(notice).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a first load whose page code does not arrive keeps the server's page and offers a reload", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "only the wasm app loads code by page");
  const errors = pageErrors(page);
  await signIn(page, "rep");

  await cutGroupCode(page);
  await page.goto("/visits");
  const notice = page.getByRole("alert").filter({ hasText: "Part of this page did not load." });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("what is stored on this device is safe");
  // The page the server rendered is still there and readable, never half hydrated.
  await expect(page.getByRole("heading", { level: 1, name: "Visits" })).toBeVisible();
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await expect(page).toHaveTitle("Page not fully loaded · BizWorks");
  expect(await axeViolations(page)).toEqual([]);

  // Links are plain links again (the router cannot open a page without its code): "Home" is a
  // full load, whose own code is cut too.
  await mainNav(page).getByRole("link", { name: "Home", exact: true }).click();
  await expect(page).toHaveURL("/");
  await expect(notice).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Riley");

  await page.goto("/visits");
  await expect(notice).toBeVisible();
  await page.unroute(GROUP_WASM);
  await notice.getByRole("link", { name: "Reload the page" }).click();
  await waitReady(page);
  await expect(page).toHaveURL("/visits");
  await expect(notice).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: "Visits" })).toBeVisible();
  expect(errors).toEqual([]);
});
