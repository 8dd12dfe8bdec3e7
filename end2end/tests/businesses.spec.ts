import * as path from "node:path";
import { expect, test } from "@playwright/test";
import { jsEnabled, signIn, waitReady } from "./helpers";

const SCREENSHOTS = path.join(__dirname, "..", "..", "docs", "screenshots");

/** A name no demo business has, different in each project so runs do not collide. */
function uniqueName(project: string): string {
  return `Quinapoxet ${project === "no-js" ? "Ironworks" : "Foundry"} LLC`;
}

test("a rep adds a business with a key representative and finds it again", async ({ page }, testInfo) => {
  const name = uniqueName(testInfo.project.name);
  const fein = testInfo.project.name === "no-js" ? "31-0000001" : "31-0000002";
  await signIn(page, "rep");
  await page.goto("/businesses/new");
  await waitReady(page);

  await page.getByLabel("Legal name").fill(name);
  await page.getByLabel("FEIN").fill(fein);
  await page.getByLabel("Industry (NAICS)").selectOption("332710");
  await page.getByLabel("Street address").fill("7 Quarry Lane");
  await page.getByLabel("City", { exact: true }).fill("Holden");
  await page.getByLabel("ZIP").fill("01520");
  await page.getByLabel("Employees (about)").fill("40");
  await page.getByLabel("Business-cycle stage").selectOption("growth");
  await page.getByRole("button", { name: "Save business" }).click();

  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page).toHaveURL(/\/businesses\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Growth / expansion").first()).toBeVisible();
  await waitReady(page);

  await page.getByText("Add a contact").click();
  await page.getByLabel("Name", { exact: true }).fill("Morgan Reyes");
  await page.getByLabel("Title").fill("Owner");
  await page.getByLabel("E-mail").fill("morgan@quinapoxet.test");
  await page.getByLabel(/Key representative/).check();
  await page.getByRole("button", { name: "Add contact" }).click();
  const contacts = page.getByRole("region", { name: "Contacts" });
  const morgan = contacts.getByRole("listitem").filter({ hasText: "Morgan Reyes" });
  await expect(morgan.getByText("Morgan Reyes", { exact: true })).toBeVisible();
  await expect(morgan.locator(".badge")).toHaveText("Key representative");
  if (jsEnabled(testInfo)) {
    await page.screenshot({ path: path.join(SCREENSHOTS, "business.png"), fullPage: true });
  }

  // Find it again by part of its name.
  await page.goto("/businesses");
  await waitReady(page);
  const search = page.getByLabel("Find a business");
  if (jsEnabled(testInfo)) {
    // Results as you type.
    await search.pressSequentially("quinap");
  } else {
    await search.fill("quinap");
    await page.getByRole("button", { name: "Search" }).click();
  }
  await expect(page.getByRole("link", { name })).toBeVisible();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

test("a rep changes one contact and removes another", async ({ page }, testInfo) => {
  const name = uniqueName(testInfo.project.name);
  await signIn(page, "rep");
  await page.goto("/businesses?q=quinapoxet");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await waitReady(page);
  const contacts = page.getByRole("region", { name: "Contacts" });

  // A second contact, added by mistake.
  await page.getByText("Add a contact").click();
  const add = contacts.locator("details.add-contact");
  await add.getByLabel("Name", { exact: true }).fill("Jordan Mistake");
  await add.getByRole("button", { name: "Add contact" }).click();
  await expect(contacts.getByText("Jordan Mistake", { exact: true })).toBeVisible();
  await waitReady(page);

  // Morgan's title changes; a bad phone number is refused first and what was typed stays.
  await contacts.getByText("Change or remove Morgan Reyes").click();
  const morgan = contacts.getByRole("listitem").filter({ hasText: "Morgan Reyes" });
  if (jsEnabled(testInfo)) {
    await morgan.getByLabel("Phone").fill("555-01");
    await morgan.getByLabel("Title").fill("Owner and CEO");
    await morgan.getByRole("button", { name: "Save contact" }).click();
    await expect(morgan.getByText("must be a 10-digit phone number")).toBeVisible();
    await expect(morgan.getByLabel("Title")).toHaveValue("Owner and CEO");
    await expect(morgan.getByLabel("Phone")).toHaveAttribute("aria-invalid", "true");
    await morgan.getByLabel("Phone").fill("(508) 555-0144");
  } else {
    await morgan.getByLabel("Title").fill("Owner and CEO");
  }
  await morgan.getByRole("button", { name: "Save contact" }).click();
  await expect(contacts.getByText(/Owner and CEO · morgan@quinapoxet.test/)).toBeVisible();

  await contacts.getByText("Change or remove Jordan Mistake").click();
  await contacts.getByRole("button", { name: "Remove Jordan Mistake" }).click();
  await expect(contacts.getByText("Jordan Mistake", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("contact removed");
});

test("a mistyped business keeps what was typed and names each bad field", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "field errors are shown in place by the hydrated form");
  await signIn(page, "rep");
  await page.goto("/businesses/new");
  await waitReady(page);
  await page.getByLabel("Legal name").fill("Wrongly Typed Widgets");
  await page.getByLabel("FEIN").fill("12-34");
  await page.getByLabel("Industry (NAICS)").selectOption("332710");
  await page.getByLabel("Street address").fill("1 Main Street");
  await page.getByLabel("City", { exact: true }).fill("Worcester");
  await page.getByLabel("ZIP").fill("1608");
  await page.getByLabel("Business-cycle stage").selectOption("stable");
  await page.getByRole("button", { name: "Save business" }).click();

  await expect(page.getByRole("alert")).toContainText("Some fields need attention");
  await expect(page.getByText("must be 9 digits")).toBeVisible();
  await expect(page.getByText("must be 5 digits")).toBeVisible();
  await expect(page.getByLabel("Legal name")).toHaveValue("Wrongly Typed Widgets");
  await expect(page.getByLabel("FEIN")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL("/businesses/new");
});

test("likely duplicates show while typing", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the duplicate check runs as the person types");
  await signIn(page, "director");
  await page.goto("/businesses/new");
  await waitReady(page);
  // The rep's journey (hydrated project) created this one just before.
  await page.getByLabel("Legal name").fill("QUINAPOXET FOUNDRY");
  await page.getByLabel("ZIP").fill("01520");
  const panel = page.getByRole("region", { name: "Possible duplicates" });
  await expect(panel.getByRole("link", { name: uniqueName("hydrated") })).toBeVisible();
  await expect(panel).toContainText("same name and ZIP");
});

test("the business list pages and switches lists", async ({ page }) => {
  await signIn(page, "rep");
  await page.goto("/businesses");
  await waitReady(page);
  await expect(page.getByRole("table", { name: "Businesses found" }).getByRole("row")).toHaveCount(21);
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/page=1/);
  await expect(page.getByText("Page 2")).toBeVisible();
  await page.getByRole("link", { name: "My center's" }).click();
  await expect(page).toHaveURL(/list=center/);
  await expect(page.getByRole("link", { name: "My center's" })).toHaveAttribute("aria-current", "page");
});

test("changing a business's stage keeps its history", async ({ page }, testInfo) => {
  const name = uniqueName(testInfo.project.name);
  await signIn(page, "rep");
  await page.goto("/businesses?q=quinapoxet");
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await waitReady(page);
  await page.getByRole("link", { name: "Change details" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Change a business" })).toBeVisible();
  await waitReady(page);
  await expect(page.getByLabel("Legal name")).toHaveValue(name);
  await page.getByLabel("Business-cycle stage").selectOption("decline");
  await page.getByLabel("Employees (about)").fill("32");
  await page.getByRole("button", { name: "Save business" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const details = page.getByRole("region", { name: "Details" });
  await expect(details.getByRole("listitem")).toHaveCount(2);
  await expect(details.getByRole("listitem").nth(1)).toContainText("Decline / at risk");
  await expect(page.getByRole("region", { name: "Audit trail" })).toContainText("edited");
});
