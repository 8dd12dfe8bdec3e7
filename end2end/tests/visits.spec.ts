import * as path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { jsEnabled, signIn, waitReady } from "./helpers";

const SCREENSHOTS = path.join(__dirname, "..", "..", "docs", "screenshots");

/** Creates a business with one contact through the app's own server functions; its id. */
async function businessWithContact(page: Page, name: string, contact: string, key: boolean): Promise<string> {
  const origin = new URL(page.url()).origin;
  const created = await page.request.post("/api/create_business", {
    headers: { Origin: origin },
    form: {
      "draft[legal_name]": name,
      "draft[naics]": "332710",
      "draft[address]": "3 Canal Street",
      "draft[city]": "Springfield",
      "draft[zip]": "01103",
      "draft[stage]": "growth",
    },
  });
  expect(created.status()).toBe(200);
  const id = (await created.json()) as string;
  const form: Record<string, string> = { business: id, "draft[name]": contact };
  if (key) form["draft[key_representative]"] = "true";
  const added = await page.request.post("/api/add_contact", { headers: { Origin: origin }, form });
  expect(added.status()).toBe(200);
  return id;
}

test("a rep records a group orientation: one business qualifies, one does not", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the visit form is an app: it needs JavaScript");
  await signIn(page, "rep");
  await businessWithContact(page, "Chicopee Gearworks", "Avery Stone", true);
  await businessWithContact(page, "Ludlow Packaging", "Blair Quinn", false);

  await page.goto("/visits/new");
  await waitReady(page);
  await page.getByLabel("Activity type").selectOption({ label: "BizWorks Orientation" });
  await page.getByLabel("How was it held?").selectOption("group_presentation");

  const search = page.getByLabel("Find a business to add");
  await search.fill("chicopee gear");
  await page.getByRole("button", { name: "Add Chicopee Gearworks" }).click();
  await page.getByLabel("Met Avery Stone (key representative)").check();
  await search.fill("ludlow pack");
  await page.getByRole("button", { name: "Add Ludlow Packaging" }).click();
  await page.getByLabel("Met Blair Quinn").check();

  const presented = page.getByRole("group", { name: /Services presented/ });
  const verdicts = page.getByRole("region", { name: /BizWorks Orientation/ });
  await presented.getByText("Work Share").click();
  await presented.getByText("Rapid Response").click();
  await presented.getByText("Workforce Training Fund").click();
  // Live, as services are ticked: three of seven is not a majority.
  await expect(verdicts).toContainText("3 of 7 services; needs 4");
  await presented.getByText("Office of Business Development").click();
  await expect(verdicts.getByText(/Chicopee Gearworks.*qualifies/)).toBeVisible();
  await expect(verdicts.getByText(/Ludlow Packaging.*does not qualify: no key representative met/)).toBeVisible();
  await expect(verdicts).toContainText("saved as you entered it and flagged");
  await page.screenshot({ path: path.join(SCREENSHOTS, "visit-form.png"), fullPage: true });

  await page.getByRole("button", { name: "Save visit" }).click();
  await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);
  const stored = page.getByRole("region", { name: "BizWorks Orientation" });
  await expect(stored.getByText(/Chicopee Gearworks: qualifies/)).toBeVisible();
  await expect(stored.getByText(/Ludlow Packaging: does not qualify: no key representative met/)).toBeVisible();
  await expect(page.getByText("Recorded as an orientation; fails the rule")).toBeVisible();

  await page.goto("/visits?only=flagged");
  await expect(page.getByRole("row").filter({ hasText: "Ludlow Packaging" })).toContainText("Fails the orientation rule");
});

test("a rep records a visit from a business's page: the form starts with that business", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the visit form is an app: it needs JavaScript");
  await signIn(page, "rep");
  const id = await businessWithContact(page, "Palmer Bindery", "Casey Lund", true);

  await page.goto(`/businesses/${id}`);
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 2, name: "Visits" })).toBeVisible();
  await page.getByRole("link", { name: "Record a visit" }).click();
  await expect(page).toHaveURL(`/visits/new?business=${id}`);
  await waitReady(page);
  await expect(page.getByRole("button", { name: "Remove Palmer Bindery" })).toBeVisible();
  await page.getByLabel("Met Casey Lund (key representative)").check();
  await page.getByLabel("Activity type").selectOption({ label: "BizWorks Orientation" });
  const presented = page.getByRole("group", { name: /Services presented/ });
  for (const service of ["Work Share", "Rapid Response", "Workforce Training Fund", "Office of Business Development"]) {
    await presented.getByText(service).click();
  }
  await page.getByRole("button", { name: "Save visit" }).click();
  await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("region", { name: "BizWorks Orientation" }).getByText(/Palmer Bindery: qualifies/)).toBeVisible();
  const visit = page.url();

  // The business's page lists it.
  await page.goto(`/businesses/${id}`);
  await expect(page.getByRole("region", { name: "Visits" })).toContainText("BizWorks Orientation");

  // Deleting asks first: the button alone does nothing until the rep says yes.
  await page.goto(visit);
  await waitReady(page);
  await page.getByRole("button", { name: "Delete this visit" }).click();
  await expect(page.getByLabel("Yes, delete this visit")).toBeFocused();
  expect(page.url()).toBe(visit);
  await page.getByLabel("Yes, delete this visit").check();
  await page.getByRole("button", { name: "Delete this visit" }).click();
  await expect(page).toHaveURL(/\/visits$/);
  await page.goto(`/businesses/${id}`);
  await expect(page.getByRole("region", { name: "Visits" })).toContainText("No visits yet.");

  // A link to a business that is not there opens the plain form, and says why.
  await page.goto("/visits/new?business=01900000-0000-7000-8000-000000000000");
  await waitReady(page);
  await expect(page.getByText("The business you came from is no longer in BizWorks.")).toBeVisible();
  await expect(page.getByLabel("Find a business to add")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Remove / })).toHaveCount(0);
});

test("a draft follows the form back to what it was, once something was typed", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "drafts are kept on the device by the app");
  await signIn(page, "rep");
  await page.goto("/visits/new");
  await waitReady(page);
  const notes = page.getByLabel("Notes");
  // Each pause is longer than the form's 0.7 s wait before it keeps a draft.
  await notes.fill("Typed, then taken back.");
  await page.waitForTimeout(1_500);
  await notes.fill("");
  await page.waitForTimeout(1_500);

  await page.goto("/sync");
  await waitReady(page);
  await page.getByRole("region", { name: "Entries on this device" }).getByRole("link", { name: "Continue" }).click();
  await waitReady(page);
  await expect(page.getByLabel("Notes")).toHaveValue("");
});

test("only reps are offered to record a visit from a business's page", async ({ page }) => {
  await signIn(page, "director");
  await page.goto("/businesses");
  await page.locator('main a[href^="/businesses/"]:not([href="/businesses/new"])').first().click();
  await waitReady(page);
  await expect(page.getByRole("link", { name: "Change details" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Record a visit" })).toHaveCount(0);
});

test("a rep's visit list and a director's are not the same", async ({ page }) => {
  await signIn(page, "director");
  await page.goto("/visits");
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Visits" })).toBeVisible();
  // Directors review; they do not record.
  await expect(page.getByRole("link", { name: "Record a visit" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Visits" })).toBeVisible();
});

test("a director marks a visit 'has issues'; the rep fixes it and it returns to received", async ({ browser }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the visit form is an app: it needs JavaScript");
  const director = await browser.newPage();
  await signIn(director, "director");
  // The group orientation recorded above, by the rep.
  await director.goto("/visits?only=flagged");
  await director.getByRole("row").filter({ hasText: "Ludlow Packaging" }).getByRole("link").click();
  await waitReady(director);
  await director.getByLabel("What needs fixing?").fill("Was a key representative of Ludlow Packaging there?");
  await director.getByRole("button", { name: "Mark as has issues" }).click();
  await expect(director.getByRole("alert")).toContainText("Was a key representative of Ludlow Packaging there?");
  await director.close();

  const rep = await browser.newPage();
  await signIn(rep, "rep");
  await rep.goto("/visits");
  const first = rep.getByRole("table", { name: "Visits" }).getByRole("row").nth(1);
  await expect(first).toContainText("Has issues");
  await first.getByRole("link").click();
  await expect(rep.getByRole("alert")).toContainText("Was a key representative of Ludlow Packaging there?");
  await rep.getByRole("link", { name: "Change this visit" }).click();
  await waitReady(rep);
  await expect(rep.getByLabel("Met Avery Stone (key representative)")).toBeChecked();
  await rep.getByLabel("Notes").fill("Blair Quinn is the plant manager; no owner present.");
  await rep.getByRole("button", { name: "Save visit" }).click();
  await expect(rep.getByRole("heading", { level: 1, name: /Visit on/ })).toBeVisible();
  await expect(rep.getByRole("alert")).toHaveCount(0);
  await expect(rep.getByText("Blair Quinn is the plant manager")).toBeVisible();
  await rep.close();
});

test("a visit changed on two tablets: the one that saves second sees both versions and keeps its own", async ({ browser }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "two devices' outboxes meet at the server: it needs JavaScript");
  // Two tablets of one rep: each browser context is its own device with its own outbox.
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await signIn(first, "rep");
  await signIn(second, "rep");
  await businessWithContact(first, "Holyoke Paperworks", "Casey Lane", true);

  await first.goto("/visits/new");
  await waitReady(first);
  await first.getByLabel("Activity type").selectOption({ label: "Employer meeting" });
  await first.getByLabel("Find a business to add").fill("holyoke paper");
  await first.getByRole("button", { name: "Add Holyoke Paperworks" }).click();
  await first.getByRole("group", { name: /Services presented/ }).getByText("Work Share").click();
  await first.getByLabel("Notes").fill("As first recorded.");
  await first.getByRole("button", { name: "Save visit" }).click();
  await expect(first).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);
  const visit = first.url();

  // Both open its form; the second tablet saves first.
  await first.getByRole("link", { name: "Change this visit" }).click();
  await waitReady(first);
  await expect(first.getByLabel("Notes")).toHaveValue("As first recorded.");
  await second.goto(visit);
  await waitReady(second);
  await second.getByRole("link", { name: "Change this visit" }).click();
  await waitReady(second);
  await second.getByLabel("Notes").fill("Changed on the second tablet.");
  await second.getByRole("button", { name: "Save visit" }).click();
  await expect(second.getByText("Changed on the second tablet.")).toBeVisible({ timeout: 30_000 });

  // The first tablet saves the version it opened: not applied blindly, and told why and where
  // to choose; what was typed stays in the form.
  await first.getByLabel("Notes").fill("Changed on the first tablet.");
  await first.getByRole("button", { name: "Save visit" }).click();
  await expect(first.getByRole("alert")).toContainText("This visit was changed on the server meanwhile", { timeout: 30_000 });
  await expect(first.getByLabel("Notes")).toHaveValue("Changed on the first tablet.");

  // On the sync page, both versions side by side, the difference marked; the rep keeps theirs.
  await first.goto("/sync");
  await waitReady(first);
  const entry = first.locator(".entry").filter({ hasText: "changed on the server after this device last saw it" });
  const notes = entry.getByRole("row", { name: /^Notes/ });
  await expect(notes).toContainText("Changed on the first tablet.");
  await expect(notes).toContainText("Changed on the second tablet.");
  await expect(notes).toHaveClass(/differs/);
  await expect(entry.getByRole("row", { name: /^Services presented/ })).not.toHaveClass(/differs/);
  await first.screenshot({ path: path.join(SCREENSHOTS, "sync-conflict.png"), fullPage: true });
  await entry.getByRole("button", { name: "Keep this device's version" }).click();
  await expect(first.getByText("Everything on this device is on the server.")).toBeVisible({ timeout: 30_000 });

  // The server has the first tablet's notes, and only those.
  await first.goto(visit);
  await waitReady(first);
  await expect(first.getByText("Changed on the first tablet.")).toBeVisible();
  await expect(first.getByText("Changed on the second tablet.")).toHaveCount(0);
  await first.context().close();
  await second.context().close();
});
