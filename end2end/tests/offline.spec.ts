import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, expect, request as apiRequest, test, type BrowserContext, type Page } from "@playwright/test";
import { ACCOUNTS, DEMO_PASSWORD, STATE_ZONE, jsEnabled, stateClock, stateDate, stateDaySince, waitReady } from "./helpers";

const SCREENSHOTS = path.join(__dirname, "..", "..", "docs", "screenshots");
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser with a profile on disk, so closing and opening it again is a real restart. */
async function launch(profile: string, baseURL: string, offline: boolean): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ARGS,
    baseURL,
    offline,
    viewport: { width: 1024, height: 768 },
    timezoneId: STATE_ZONE,
  });
}

async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** Signs the demo rep in through the form, online. */
async function signInRep(page: Page): Promise<void> {
  await page.goto("/sign-in");
  await waitReady(page);
  await page.getByLabel("E-mail", { exact: true }).fill(ACCOUNTS.rep.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("/");
}

/** Waits until the device has pulled the business into what it keeps for offline use. */
async function deviceKeeps(page: Page, business: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          (name) =>
            Object.keys(localStorage).some(
              (key) => key.endsWith(".cache") && (localStorage.getItem(key) ?? "").includes(name),
            ),
          business,
        ),
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** Creates, online, a business of the rep's center with a key representative; its id. */
async function businessWithKeyContact(page: Page, name: string, contact: string): Promise<string> {
  const origin = new URL(page.url()).origin;
  const created = await page.request.post("/api/create_business", {
    headers: { Origin: origin },
    form: {
      "draft[legal_name]": name,
      "draft[naics]": "332710",
      "draft[address]": "5 Mill Street",
      "draft[city]": "Springfield",
      "draft[zip]": "01103",
      "draft[stage]": "growth",
    },
  });
  expect(created.status()).toBe(200);
  const id = (await created.json()) as string;
  const added = await page.request.post("/api/add_contact", {
    headers: { Origin: origin },
    form: { business: id, "draft[name]": contact, "draft[key_representative]": "true" },
  });
  expect(added.status()).toBe(200);
  return id;
}

/**
 * Adds, in the visit form, a business met for the first time: a Springfield bakery. The person
 * met is a key representative only when the rep says so: the box starts unticked.
 */
async function addNewBusiness(page: Page, name: string, street: string, zip: string, stage: string, person?: string, key = false): Promise<void> {
  await page.getByRole("button", { name: "Not found? Add a new business" }).click();
  const added = page.getByRole("group", { name: "New business" });
  await added.getByLabel("Legal name").fill(name);
  await added.getByLabel("Street address").fill(street);
  await added.getByLabel("City").fill("Springfield");
  await added.getByLabel("ZIP").fill(zip);
  await added.getByLabel("Industry (NAICS)").selectOption("311811");
  await added.getByLabel("Business-cycle stage").selectOption(stage);
  if (person) await added.getByLabel("Person met (optional)").fill(person);
  const isKey = added.getByLabel("They are a key representative (owner, executive or HR lead)");
  await expect(isKey).not.toBeChecked();
  if (key) await isKey.check();
  await added.getByRole("button", { name: "Add this business" }).click();
}

/** Fills and saves the visit form for a business already chosen; four services presented. */
async function presentFourAndSave(page: Page, notes: string): Promise<void> {
  await presentFour(page, notes);
  await page.getByRole("button", { name: "Save visit" }).click();
  await expect(page.getByRole("heading", { name: "Saved on this device" })).toBeVisible();
  await expect(page.getByText("There is no connection: it is kept here")).toBeVisible();
}

async function presentFour(page: Page, notes: string): Promise<void> {
  const presented = page.getByRole("group", { name: /Services presented/ });
  for (const service of ["Work Share", "Rapid Response", "Workforce Training Fund", "Office of Business Development"]) {
    await presented.getByText(service).click();
  }
  await page.getByLabel("Notes").fill(notes);
}

/** Opens a new visit, which must be dated the state's today at the latest, for a kept business. */
async function newVisitDatedToday(page: Page, search: string, business: string): Promise<void> {
  await page.goto("/visits/new");
  await waitReady(page);
  const date = page.getByLabel("Date", { exact: true });
  await expect(date).toHaveValue(stateDate());
  await expect(date).toHaveAttribute("max", stateDate());
  await page.getByLabel("Activity type").selectOption({ label: "Employer meeting" });
  await page.getByLabel("Find a business to add").fill(search);
  await page.getByRole("button", { name: `Add ${business}` }).click();
}

test("a rep records three visits offline, restarts the browser, and they sync when back online", async ({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), "working offline is the app's: it needs JavaScript");
  test.setTimeout(240_000);
  const day = stateClock().day;
  const baseURL = testInfo.project.use.baseURL ?? "http://127.0.0.1:3100";
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "bizworks-offline-"));
  let context = await launch(profile, baseURL, false);
  let page = await firstPage(context);

  // Online once: sign in, let the service worker take control, let the device sync.
  await signInRep(page);
  const mill = await businessWithKeyContact(page, "Wilbraham Offline Mill", "Rowan Pike");
  await waitReady(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  for (const where of ["/sync", "/visits/new", "/"]) {
    await page.goto(where);
    await waitReady(page);
  }
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  // The device has pulled the business (it keeps its center's businesses for offline use).
  await deviceKeeps(page, "Wilbraham Offline Mill");
  await page.goto("/visits/new");
  await waitReady(page);

  // The signal goes. The form still opens, from what the device kept.
  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Record a visit" })).toBeVisible();

  // "Record a visit" from a business's page, opened as a full load: the service worker answers
  // with the plain form it keeps, which hydrates, and the business joins it from the device.
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`/visits/new?business=${mill}`);
  await waitReady(page);
  await expect(page.getByRole("button", { name: "Remove Wilbraham Offline Mill" })).toBeVisible();
  await expect(page.getByLabel("Met Rowan Pike (key representative)")).toBeVisible();
  expect(errors).toEqual([]);
  // Choosing it was not typing: leaving keeps no draft on the device (checked after the
  // restart below), though the form keeps one 0.7 s after each change.
  await page.waitForTimeout(1_500);
  await page.goto("/visits/new");
  await waitReady(page);

  // 1. A business the device already knows.
  await page.getByLabel("Activity type").selectOption({ label: "BizWorks Orientation" });
  await page.getByLabel("Find a business to add").fill("wilbraham off");
  await page.getByRole("button", { name: "Add Wilbraham Offline Mill" }).click();
  await page.getByLabel("Met Rowan Pike (key representative)").check();
  await expect(page.getByRole("region", { name: /BizWorks Orientation/ })).toContainText("Wilbraham Offline Mill");
  await presentFourAndSave(page, "First offline visit.");

  // 2. A business met for the first time, created right here.
  await page.getByRole("link", { name: "Record another visit" }).click();
  await waitReady(page);
  await page.getByLabel("Activity type").selectOption({ label: "BizWorks Orientation" });
  await addNewBusiness(page, "Hampden Roadside Bakery", "77 Boston Road", "01129", "start_up", "Sasha Dunmore", true);
  await expect(page.getByLabel("Met Sasha Dunmore (key representative)")).toBeChecked();
  await page.screenshot({ path: path.join(SCREENSHOTS, "offline-visit.png"), fullPage: true });
  await presentFourAndSave(page, "Second offline visit, new business.");

  // 3. The new business again: the device finds it though the server has never seen it.
  await page.getByRole("link", { name: "Record another visit" }).click();
  await waitReady(page);
  await page.getByLabel("Activity type").selectOption({ label: "Employer meeting" });
  await page.getByLabel("Find a business to add").fill("hampden road");
  await page.getByRole("button", { name: "Add Hampden Roadside Bakery" }).click();
  await presentFourAndSave(page, "Third offline visit.");
  await expect(page.locator(".sync-badge")).toHaveText("Offline · 5 waiting to send");

  // The browser closes and opens again, still without a signal: nothing is lost.
  await context.close();
  context = await launch(profile, baseURL, true);
  page = await firstPage(context);
  await page.goto("/sync");
  await waitReady(page);
  await expect(page.getByText("5 entries are not on the server yet.")).toBeVisible();
  const entries = page.getByRole("region", { name: "Entries on this device" });
  await expect(entries.getByText("Ready to send")).toHaveCount(5);
  // No draft was left by the form opened from a business's page and left untouched.
  await expect(entries.getByText("Draft", { exact: true })).toHaveCount(0);
  await expect(entries).toContainText("Visit to Hampden Roadside Bakery");
  await page.screenshot({ path: path.join(SCREENSHOTS, "sync-offline.png"), fullPage: true });

  // The signal returns. Closing the browser ended the session, so the server asks who is
  // sending: sign in again, and everything goes, confirmed by the server.
  await context.setOffline(false);
  await expect(page.getByRole("link", { name: "Sign in again" })).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(".sync-badge")).toContainText("Sign in to send");
  await page.getByRole("link", { name: "Sign in again" }).click();
  await waitReady(page);
  await page.getByLabel("E-mail", { exact: true }).fill(ACCOUNTS.rep.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("/sync");
  await waitReady(page);
  await expect(page.getByText("Everything on this device is on the server.")).toBeVisible({ timeout: 60_000 });
  await expect(entries.getByText("Sent", { exact: true })).toHaveCount(5);
  // Times on the device's own clock (this browser is on the state's zone), not UTC's.
  const today = stateDaySince(day);
  await expect(page.getByText(new RegExp(`^Last synced \\w{3} ${today}, \\d{2}:\\d{2} E[SD]T\\.$`))).toBeVisible();
  await expect(entries.getByText(new RegExp(`saved \\w{3} ${today}, \\d{2}:\\d{2} E[SD]T$`))).toHaveCount(5);
  await expect(page.locator(".sync-badge")).toHaveText("All sent");

  // And the server has them.
  await page.goto("/visits");
  await waitReady(page);
  const visits = page.getByRole("table", { name: "Visits" });
  await expect(visits.getByRole("row").filter({ hasText: "Hampden Roadside Bakery" })).toHaveCount(2);
  await expect(visits.getByRole("row").filter({ hasText: "Wilbraham Offline Mill" })).toHaveCount(1);
  await page.goto("/businesses?q=hampden roadside");
  await page.getByRole("link", { name: "Hampden Roadside Bakery" }).click();
  await expect(page.getByRole("region", { name: "Contacts" })).toContainText("Sasha Dunmore");
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
});

test("signing out is refused while entries wait, and the reason is given", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "entries wait on the device only with JavaScript");
  await signInRep(page);
  await waitReady(page);
  // The push cannot get through (a dead spot in the building): the entry waits on the device.
  await page.route("**/api/sync/push", (route) => route.abort("internetdisconnected"));
  await page.goto("/visits/new");
  await waitReady(page);
  await page.getByLabel("Activity type").selectOption({ label: "Employer meeting" });
  await page.getByLabel("Find a business to add").fill("wilbraham off");
  await page.getByRole("button", { name: "Add Wilbraham Offline Mill" }).click();
  await page.getByRole("button", { name: "Save visit" }).click();
  await expect(page.getByRole("heading", { name: "Saved on this device" })).toBeVisible();
  await expect(page.locator(".sync-badge")).toHaveText(/1 waiting to send/);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("1 entry on this device is not sent yet.");
  await expect(page).toHaveURL(/\/visits\/new/);
  // With the connection back, it goes, and signing out works.
  await page.unroute("**/api/sync/push");
  await page.goto("/sync");
  await waitReady(page);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText("Everything on this device is on the server.")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
});

test("two tabs offline share one outbox: both visits reach the server, and a saved form is locked", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the outbox is the app's: it needs JavaScript");
  test.setTimeout(180_000);
  await signInRep(page);
  await businessWithKeyContact(page, "Two Tabs Tannery", "Jody Ames");
  await page.goto("/visits/new");
  await waitReady(page);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  await deviceKeeps(page, "Two Tabs Tannery");
  // A second tab on the same device (a link opened in a new tab, the app beside the browser).
  const second = await page.context().newPage();
  await second.goto("/visits/new");
  await waitReady(second);

  await page.context().setOffline(true);
  for (const [tab, notes] of [
    [page, "From the first tab."],
    [second, "From the second tab."],
  ] as const) {
    await tab.getByLabel("Activity type").selectOption({ label: "Employer meeting" });
    await tab.getByLabel("Find a business to add").fill("two tabs tann");
    await tab.getByRole("button", { name: "Add Two Tabs Tannery" }).click();
    await tab.getByLabel("Notes").fill(notes);
    await tab.getByRole("button", { name: "Save visit" }).click();
    // The panel is at the head of the form, the button at its foot: the panel comes into view.
    await expect(tab.getByRole("heading", { name: "Saved on this device" })).toBeInViewport();
    // It goes as saved: nothing typed afterwards could be dropped unsaved.
    await expect(tab.getByLabel("Notes")).toBeDisabled();
    await expect(tab.getByText("Draft kept on this device as you type.")).toHaveCount(0);
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, "visit-saved-offline.png") });
  // Each tab counts the other's entry too: one outbox, not two that overwrite each other.
  await expect(page.locator(".sync-badge")).toHaveText("Offline · 2 waiting to send");
  await expect(second.locator(".sync-badge")).toHaveText("Offline · 2 waiting to send");
  // Both are in what the device stores, not only in each tab's memory.
  const stored = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.endsWith(".outbox"))
      .map((key) => localStorage.getItem(key) ?? "")
      .join("\n"),
  );
  expect(stored).toContain("From the first tab.");
  expect(stored).toContain("From the second tab.");

  // Back online, both tabs sync at once; the server takes each visit once.
  await page.context().setOffline(false);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 60_000 });
  await expect(second.locator(".sync-badge")).toHaveText("All sent", { timeout: 60_000 });
  await second.close();
  await page.goto("/visits");
  await waitReady(page);
  const tannery = page.getByRole("table", { name: "Visits" }).getByRole("row").filter({ hasText: "Two Tabs Tannery" });
  await expect(tannery).toHaveCount(2);
});

test("a visit's form starts again from a change the device has not sent, and that change reaches the server", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the outbox is the app's: it needs JavaScript");
  test.setTimeout(180_000);
  await signInRep(page);
  await businessWithKeyContact(page, "Second Thoughts Smithy", "Rowan Hale");
  await page.goto("/visits/new");
  await waitReady(page);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  await page.getByLabel("Activity type").selectOption({ label: "Employer meeting" });
  await page.getByLabel("Find a business to add").fill("second thoughts");
  await page.getByRole("button", { name: "Add Second Thoughts Smithy" }).click();
  await page.getByLabel("Notes").fill("As first recorded.");
  await page.getByRole("button", { name: "Save visit" }).click();
  await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const visit = new URL(page.url()).pathname;
  // A business of another center, which this device does not keep: found through the server.
  const origin = new URL(page.url()).origin;
  const worcester = await apiRequest.newContext({ baseURL: origin });
  const signedIn = await worcester.post("/auth/sign-in", {
    headers: { Origin: origin },
    form: { email: "rep.worcester@bizworks.test", password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(signedIn.status()).toBe(303);
  const farAway = await worcester.post("/api/create_business", {
    headers: { Origin: origin },
    form: {
      "draft[legal_name]": "Faraway Foundry",
      "draft[naics]": "332710",
      "draft[address]": "9 Canal Street",
      "draft[city]": "Worcester",
      "draft[zip]": "01608",
      "draft[stage]": "growth",
    },
  });
  expect(farAway.status(), await farAway.text()).toBe(200);
  await worcester.dispose();

  // A dead spot: the change to the visit waits on the device.
  await page.route("**/api/sync/push", (route) => route.abort("internetdisconnected"));
  await page.goto(`${visit}/edit`);
  await waitReady(page);
  await expect(page.getByLabel("Notes")).toHaveValue("As first recorded.");
  await page.getByLabel("Find a business to add").fill("faraway foun");
  await page.getByRole("button", { name: "Add Faraway Foundry" }).click();
  // And a business met for the first time, added here: the server has not seen it yet.
  await addNewBusiness(page, "Dead Spot Dairy", "3 Parker Street", "01151", "start_up");
  await expect(page.getByRole("button", { name: "Remove Dead Spot Dairy" })).toBeVisible();
  await page.getByLabel("How was it held?").selectOption({ label: "group presentation" });
  await page.getByLabel("Notes").fill("Changed where the push could not get through.");
  await page.getByRole("button", { name: "Save visit" }).click();
  await expect(page.getByRole("heading", { name: "Saved on this device" })).toBeVisible();
  // The visit's page is the server's copy, and says a change waits.
  await page.goto(visit);
  await waitReady(page);
  // Read first, at the head of the page, not found after the server's copy.
  const waiting = page.getByRole("status").filter({ hasText: "is not shown here: this is the server's copy" });
  await expect(waiting).toBeInViewport();
  const [notice, heading] = await Promise.all([
    waiting.boundingBox(),
    page.getByRole("heading", { name: "BizWorks Orientation" }).boundingBox(),
  ]);
  expect(notice!.y).toBeLessThan(heading!.y);

  // Opened again, the form is that change, not the server's older copy, and it says so: a
  // save from the older copy would replace the change without a word.
  await page.goto(`${visit}/edit`);
  await waitReady(page);
  await expect(page.getByLabel("Notes")).toHaveValue("Changed where the push could not get through.");
  await expect(page.getByRole("status").filter({ hasText: "which is not on the server yet (ready to send)" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove Second Thoughts Smithy" })).toBeVisible();
  // Not in the server's older copy nor kept on this device: asked of the server, not dropped.
  await expect(page.getByRole("button", { name: "Remove Faraway Foundry" })).toBeVisible();
  // Waiting on this device with the change: the device's, since the server does not have it.
  await expect(page.getByRole("button", { name: "Remove Dead Spot Dairy" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "visit-edit-unsent.png") });
  await page.getByLabel("Notes").fill("Changed twice; the second change is what goes.");
  await page.getByRole("button", { name: "Save visit" }).click();
  await expect(page.getByRole("heading", { name: "Saved on this device" })).toBeVisible();
  await expect(page.locator(".sync-badge")).toHaveText(/2 waiting to send/);

  // With the connection back, the new business and the change go, and the server keeps them.
  await page.unroute("**/api/sync/push");
  await page.goto("/sync");
  await waitReady(page);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByText("Everything on this device is on the server.")).toBeVisible({ timeout: 30_000 });
  await page.goto(visit);
  await waitReady(page);
  await expect(page.getByText("Changed twice; the second change is what goes.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Faraway Foundry" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dead Spot Dairy" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "this is the server's copy" })).toHaveCount(0);
});

test("on a device new to the rep, the first page keeps the rep's main pages for offline use", async ({ page, baseURL }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the service worker is the app's: it needs JavaScript");
  // Signed in without opening a page: the first page opened registers the service worker, so
  // it is not under the worker's control when it learns who signed in.
  const signed = await page.request.post("/auth/sign-in", {
    headers: { Origin: baseURL! },
    form: { email: ACCOUNTS.rep.email, password: DEMO_PASSWORD },
  });
  expect(signed.ok()).toBe(true);
  await page.goto("/");
  await waitReady(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The pages a rep starts from are kept though none of them was opened but this one.
  const kept = () =>
    page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
      }
      return ["/visits/new", "/sync", "/visits", "/businesses"].filter((path) => paths.includes(path));
    });
  await expect.poll(kept, { message: "the rep's pages are kept", timeout: 15_000 }).toEqual(["/visits/new", "/sync", "/visits", "/businesses"]);
});

test("a visit the server cannot take yet downloads from the sync page as a file of pending entries", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the outbox is the app's: it needs JavaScript");
  await signInRep(page);
  await businessWithKeyContact(page, "Kept Aside Kilns", "Ida Park");
  await page.goto("/visits/new");
  await waitReady(page);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  await deviceKeeps(page, "Kept Aside Kilns");
  // The server cannot be reached for sending: the visit stays on the device.
  await page.route("**/api/sync/push", (route) => route.abort("internetdisconnected"));
  await page.context().setOffline(true);
  await page.getByLabel("Activity type").selectOption({ label: "Employer meeting" });
  await page.getByLabel("Find a business to add").fill("kept aside");
  await page.getByRole("button", { name: "Add Kept Aside Kilns" }).click();
  await presentFourAndSave(page, "Kiln \"B\" is down;\nask again in March.");
  await page.context().setOffline(false);
  await page.goto("/sync");
  await waitReady(page);
  await expect(page.locator(".sync-badge")).toHaveText("1 waiting to send");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download my pending entries" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^bizworks-pending-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
  const file = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  expect(file.user).toBe(ACCOUNTS.rep.email);
  expect(file.device).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(file.set_aside).toEqual({});
  expect(file.entries).toHaveLength(1);
  const [entry] = file.entries;
  expect(entry.label).toContain("Kept Aside Kilns");
  // The visit as typed, ids in full (not the store's shorthand), the note's quotes and line intact.
  expect(entry.draft.notes).toBe("Kiln \"B\" is down;\nask again in March.");
  expect(entry.draft.presented).toHaveLength(4);
  for (const id of entry.draft.presented) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await page.unroute("**/api/sync/push");
});

test("the saved panel comes into view once, not again when the connection changes", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the outbox is the app's: it needs JavaScript");
  await signInRep(page);
  await businessWithKeyContact(page, "Steady Panel Works", "Kim Lo");
  await page.goto("/visits/new");
  await waitReady(page);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  await deviceKeeps(page, "Steady Panel Works");
  await page.context().setOffline(true);
  await page.getByLabel("Activity type").selectOption({ label: "Employer meeting" });
  await page.getByLabel("Find a business to add").fill("steady panel");
  await page.getByRole("button", { name: "Add Steady Panel Works" }).click();
  await page.getByRole("button", { name: "Save visit" }).click();
  const panel = page.getByRole("status").filter({ has: page.getByRole("heading", { name: "Saved on this device" }) });
  await expect(panel).toBeInViewport();
  // The rep scrolls down again to read the form; then the connection returns (the push
  // still cannot get through, so the panel stays).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(panel).not.toBeInViewport();
  await page.route("**/api/sync/push", (route) => route.abort("internetdisconnected"));
  await page.context().setOffline(false);
  await expect(panel).toContainText("Sending it to the server…");
  await expect(panel).not.toBeInViewport();
  await page.unroute("**/api/sync/push");
});

test("days offline, a new visit is dated the device's today, not the day its lists were kept", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the outbox is the app's: it needs JavaScript");
  await signInRep(page);
  await businessWithKeyContact(page, "Stale Calendar Cannery", "Mo Reyes");
  // Online once more with the service worker in control, so that it keeps the form. A page
  // that opened while the worker was activating may stay outside its control (the worker
  // claimed the pages open before it); a page opened once it is active never is.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.goto("/visits/new");
  await waitReady(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), "the form came through the service worker").toBe(true);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  await deviceKeeps(page, "Stale Calendar Cannery");
  // The page and its lists were kept three days ago, and the rep has had no signal since: as
  // if every copy of today's date in them were that day's.
  const kept = stateDate(-3);
  const rewrite = () => page.evaluate(
    async ({ today, day }) => {
      let pages = 0;
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          if (new URL(request.url).pathname !== "/visits/new") continue;
          const page = await cache.match(request);
          const text = (await page!.text()).split(today).join(day);
          await cache.put(request, new Response(text, { headers: { "content-type": "text/html; charset=utf-8" } }));
          pages += 1;
        }
      }
      for (const key of Object.keys(localStorage).filter((k) => k.endsWith(".cache"))) {
        localStorage.setItem(key, (localStorage.getItem(key) ?? "").split(today).join(day));
      }
      return pages;
    },
    { today: stateDate(), day: kept },
  );
  await expect.poll(rewrite, { message: "the service worker keeps the visit form" }).toBeGreaterThan(0);
  await page.context().setOffline(true);
  await newVisitDatedToday(page, "stale calendar", "Stale Calendar Cannery");
  await presentFourAndSave(page, "Recorded three days after the last sync.");

  // Back online, it is sent as today's visit, and the server agrees it is not in the future.
  await page.context().setOffline(false);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  await page.goto("/visits");
  await waitReady(page);
  await expect(page.getByRole("row").filter({ hasText: "Stale Calendar Cannery" })).toContainText(stateDate());
});

test("a tablet left on another time zone dates a new visit by the state's calendar", async ({ browser }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the device's clock is read by the app: it needs JavaScript");
  // A zone whose date is not the state's right now: fourteen hours ahead of UTC, or eleven
  // behind (whatever the hour, one of the two is on another day than Massachusetts).
  const dateIn = (zone: string) => new Date().toLocaleDateString("en-CA", { timeZone: zone });
  const zone = ["Pacific/Kiritimati", "Pacific/Pago_Pago"].find((z) => dateIn(z) !== stateDate());
  expect(zone, "a zone on another day than the state's").toBeDefined();
  const context = await browser.newContext({ timezoneId: zone });
  const page = await context.newPage();
  await signInRep(page);
  await businessWithKeyContact(page, "Far Zone Fisheries", "Ana Lima");
  await page.goto("/visits/new");
  await waitReady(page);
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  await deviceKeeps(page, "Far Zone Fisheries");
  expect(await page.evaluate(() => new Date().toLocaleDateString("en-CA")), "the tablet's own calendar").toBe(dateIn(zone!));

  // Reopened with the device ready: the date and its limit are the state's today.
  await newVisitDatedToday(page, "far zone", "Far Zone Fisheries");
  await presentFour(page, "Recorded on a tablet set to another zone.");
  await page.getByRole("button", { name: "Save visit" }).click();

  // Online, it is sent at once and the server takes it as the state's today: not in the
  // future, not yesterday. The page then shows the server's copy.
  await expect(page.getByRole("heading", { level: 1, name: `Visit on ${stateDate()}` })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".sync-badge")).toHaveText("All sent", { timeout: 30_000 });
  await page.goto("/visits");
  await waitReady(page);
  await expect(page.getByRole("row").filter({ hasText: "Far Zone Fisheries" })).toContainText(stateDate());
  // Its clock is right, only its zone differs: nothing to warn about, once the server has
  // answered (the pull comes after the push and the reference, each of which checks the clock).
  await page.goto("/sync");
  await waitReady(page);
  const pulled = page.waitForResponse((r) => r.url().includes("/api/sync/pull"));
  await page.getByRole("button", { name: "Sync now" }).click();
  await pulled;
  await expect(page.locator(".sync-badge")).toHaveText("All sent");
  await expect(page.locator(".clock-warning")).toHaveCount(0);
  await context.close();
});

test("a device whose clock is two days behind is told so at its next sync, until it is set right", async ({ browser }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the device's clock is read by the app: it needs JavaScript");
  const context = await browser.newContext({ timezoneId: STATE_ZONE });
  // The page's clock (Date, and so the app's) runs two days late; the server's is right.
  await context.clock.install({ time: new Date(Date.now() - 2 * 86_400_000) });
  const page = await context.newPage();
  await signInRep(page);
  await page.goto("/sync");
  await waitReady(page);
  await expect(page.getByText("Everything on this device is on the server.")).toBeVisible({ timeout: 30_000 });
  const warning = page.locator(".clock-warning");
  await expect(warning).toContainText("This device's clock is about 2 days behind the server's", { timeout: 30_000 });
  await expect(warning).toContainText("Set the date, time and time zone in the device's settings.");
  await page.screenshot({ path: path.join(SCREENSHOTS, "clock-warning.png"), fullPage: true });

  // Set right, the next answer from the server clears it.
  await context.clock.setSystemTime(new Date());
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(warning).toHaveCount(0, { timeout: 30_000 });
  await context.close();
});
