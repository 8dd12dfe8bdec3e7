import { expect, test } from "@playwright/test";
import { jsEnabled, mainNav, signIn, signOut, stateDate, waitReady } from "./helpers";

test("an admin invites a rep, who signs in with the temporary password", async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the temporary password is shown by the hydrated page");
  await signIn(page, "admin");
  await page.goto("/admin");
  await waitReady(page);
  await page.getByLabel("Their e-mail").fill("sam.newrep@bizworks.test");
  await page.getByLabel("Their name").fill("Sam Newrep");
  await page.getByLabel("Role").selectOption("rep");
  await page.getByLabel("Works for").selectOption({ label: "Westfield Career Center" });
  await page.getByRole("button", { name: "Create the account" }).click();
  const status = page.getByRole("status").filter({ hasText: "Account created for sam.newrep@bizworks.test" });
  await expect(status).toBeVisible();
  const password = (await status.locator("code").textContent()) ?? "";
  expect(password).toHaveLength(12);
  await expect(page.getByRole("table", { name: "Users" })).toContainText("Sam Newrep");

  await signOut(page);
  await page.goto("/sign-in");
  await waitReady(page);
  await page.getByLabel("E-mail", { exact: true }).fill("sam.newrep@bizworks.test");
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // The temporary password opens only the change-password form.
  await expect(page.getByRole("heading", { name: "Change your password" })).toBeVisible();
  await expect(page.getByText("Signed in as Sam Newrep")).toBeVisible();
  await waitReady(page);
  await page.getByLabel("Current or temporary password").fill(password);
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("New password again").fill("short");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();
  await page.getByLabel("Current or temporary password").fill(password);
  await page.getByLabel("New password", { exact: true }).fill("river lantern orchard");
  await page.getByLabel("New password again").fill("river lantern orchard");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await expect(mainNav(page).getByRole("link", { name: "Visits" })).toBeVisible();
});

test("an admin adds a service to the slate and retires it", async ({ page }, testInfo) => {
  const name = testInfo.project.name === "no-js" ? "Career pathways briefing" : "Apprenticeship grants";
  await signIn(page, "admin");
  await page.goto("/admin/slate");
  await waitReady(page);
  await expect(page.getByText("7 active services: an orientation needs 4.")).toBeVisible();
  const add = page.getByRole("region", { name: "Add a service" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("What it offers").fill("Help registering an apprenticeship program.");
  await add.getByText("Growth / expansion").click();
  await add.getByRole("button", { name: "Save service" }).click();
  await expect(page.getByText("8 active services: an orientation needs 5.")).toBeVisible();
  await page.getByRole("button", { name: `Retire ${name}` }).click();
  await expect(page.getByText("7 active services: an orientation needs 4.")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Retired");
});

test("an admin adds a region, a board and a center, renames one and removes them", async ({ page }, testInfo) => {
  const tag = testInfo.project.name === "no-js" ? "North" : "South";
  const region = `${tag} Shore Test Region`;
  const board = `${tag} Shore Test Board`;
  const center = `${tag} Shore Test Center`;
  await signIn(page, "admin");
  await page.goto("/admin/organisation");
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Organisation" })).toBeVisible();

  const regions = page.getByRole("region", { name: "Regions" });
  await regions.getByRole("group", { name: "Add a region" }).getByLabel("Name").fill(region);
  await regions.getByRole("button", { name: "Add region" }).click();
  await expect(regions.getByRole("rowheader", { name: region })).toBeVisible();

  const boards = page.getByRole("region", { name: "Workforce boards" });
  const addBoard = boards.getByRole("group", { name: "Add a workforce board" });
  await addBoard.getByLabel("Name").fill(board);
  await addBoard.getByLabel(/Belongs to/).selectOption({ label: region });
  await addBoard.getByRole("button", { name: "Add workforce board" }).click();
  await expect(boards.getByRole("row").filter({ hasText: board })).toContainText(region);

  const centers = page.getByRole("region", { name: "Career centers" });
  const addCenter = centers.getByRole("group", { name: "Add a career center" });
  if (testInfo.project.name === "hydrated") {
    // Names are unique: refused, and what was typed stays.
    await addCenter.getByLabel("Name").fill("Springfield Career Center");
    await addCenter.getByLabel(/Belongs to/).selectOption({ label: board });
    await addCenter.getByLabel("Town").fill("Lynn");
    await addCenter.getByRole("button", { name: "Add career center" }).click();
    await expect(addCenter.getByRole("alert").or(addCenter.locator(".field-error"))).toContainText("already");
    await expect(addCenter.getByLabel("Town")).toHaveValue("Lynn");
  }
  await addCenter.getByLabel("Name").fill(center);
  await addCenter.getByLabel(/Belongs to/).selectOption({ label: board });
  await addCenter.getByLabel("Town").fill("Lynn");
  await addCenter.getByRole("button", { name: "Add career center" }).click();
  await expect(centers.getByRole("row").filter({ hasText: center })).toContainText("Lynn");

  // A region with a board cannot be removed; the board and center can, innermost first.
  await expect(regions.getByRole("button", { name: `Remove ${region}` })).toHaveCount(0);
  await centers.getByText(`Change ${center}`).click();
  const change = centers.getByRole("row").filter({ hasText: center });
  await change.getByLabel("Name").fill(`${center} Annex`);
  await change.getByRole("button", { name: "Save changes" }).click();
  await expect(centers.getByRole("rowheader", { name: `${center} Annex` })).toBeVisible();
  await centers.getByRole("button", { name: `Remove ${center} Annex` }).click();
  await expect(centers.getByRole("rowheader", { name: `${center} Annex` })).toHaveCount(0);
  await boards.getByRole("button", { name: `Remove ${board}` }).click();
  await expect(boards.getByRole("rowheader", { name: board })).toHaveCount(0);
  await regions.getByRole("button", { name: `Remove ${region}` }).click();
  await expect(regions.getByRole("rowheader", { name: region })).toHaveCount(0);
});

test("an admin adds a category and an orientation activity type, then retires them", async ({ page }, testInfo) => {
  const tag = testInfo.project.name === "no-js" ? "plain" : "live";
  const category = `Apprenticeship outreach (${tag})`;
  const activity = `Apprenticeship briefing (${tag})`;
  await signIn(page, "admin");
  await page.goto("/admin/visit-kinds");
  await waitReady(page);
  const categories = page.getByRole("region", { name: "Categories" });
  await categories.getByLabel("Category name").last().fill(category);
  await categories.getByRole("button", { name: "Add category" }).click();
  await expect(categories.getByRole("rowheader", { name: category })).toBeVisible();

  const types = page.getByRole("region", { name: "Activity types" });
  const add = types.getByRole("group", { name: "Add an activity type" });
  await add.getByLabel("Activity type name").fill(activity);
  await add.getByLabel("Category").selectOption({ label: category });
  await add.getByLabel("Recording it claims a BizWorks Orientation").check();
  await add.getByRole("button", { name: "Add activity type" }).click();
  const row = types.getByRole("row").filter({ hasText: activity });
  await expect(row).toContainText(category);
  await expect(row).toContainText("Yes");

  // A category that still files an active type cannot retire; the page says why, with and
  // without JavaScript.
  await categories.getByRole("button", { name: `Retire ${category}` }).click();
  await expect(page.getByRole("alert")).toContainText("still files 1 active activity type");
  await types.getByRole("button", { name: `Retire ${activity}` }).click();
  await expect(types.getByRole("row").filter({ hasText: activity })).toContainText("Retired");
  await categories.getByRole("button", { name: `Retire ${category}` }).click();
  await expect(categories.getByRole("row").filter({ hasText: category })).toContainText("Retired");
});

test("a visit filed under a retired activity type keeps it when changed; new visits are not offered it", async ({ browser }, testInfo) => {
  test.skip(!jsEnabled(testInfo), "the visit form is an app: it needs JavaScript");
  const category = "Harbour outreach";
  const activity = "Harbour walkabout";
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin");
  const origin = new URL(admin.url()).origin;
  const call = async (page: typeof admin, name: string, form: Record<string, string>): Promise<string> => {
    const response = await page.request.post(`/api/${name}`, { headers: { Origin: origin }, form });
    expect(response.status(), `${name}: ${await response.text()}`).toBe(200);
    return (await response.json()) as string;
  };
  const categoryId = await call(admin, "save_category", { "draft[name]": category });
  const activityId = await call(admin, "save_activity_type", { "draft[name]": activity, "draft[category]": categoryId });

  const rep = await (await browser.newContext()).newPage();
  await signIn(rep, "rep");
  const business = await call(rep, "create_business", {
    "draft[legal_name]": "Harbour Chandlery",
    "draft[naics]": "332710",
    "draft[address]": "2 Quay Street",
    "draft[city]": "Springfield",
    "draft[zip]": "01103",
    "draft[stage]": "growth",
  });
  const visit = await call(rep, "record_visit", {
    "draft[date]": stateDate(),
    "draft[mode]": "in_person",
    "draft[category]": categoryId,
    "draft[activity_type]": activityId,
    "draft[businesses][0][business]": business,
  });
  await call(admin, "retire_activity_type", { id: activityId });
  await call(admin, "retire_category", { id: categoryId });
  await admin.close();

  // The visit's form shows what it was filed under, marked retired, and saves as it is.
  await rep.goto(`/visits/${visit}/edit`);
  await waitReady(rep);
  await expect(rep.getByLabel("Category").locator("option:checked")).toHaveText(`${category} (retired ${stateDate()})`);
  await expect(rep.getByLabel("Activity type").locator("option:checked")).toHaveText(`${activity} (retired ${stateDate()})`);
  await rep.getByLabel("Notes").fill("Filed before the walkabouts ended.");
  await rep.getByRole("button", { name: "Save visit" }).click();
  await expect(rep).toHaveURL(new RegExp(`/visits/${visit}$`));
  await expect(rep.getByText("Filed before the walkabouts ended.")).toBeVisible();

  // A new visit is not offered them.
  await rep.goto("/visits/new");
  await waitReady(rep);
  await expect(rep.getByLabel("Category").locator("option", { hasText: category })).toHaveCount(0);
  await rep.close();
});

test("an admin enters an establishment count and removes it", async ({ page }, testInfo) => {
  const year = testInfo.project.name === "no-js" ? "2019" : "2018";
  await signIn(page, "admin");
  await page.goto("/admin/counts");
  await waitReady(page);
  await page.getByLabel("Area").selectOption({ label: "The whole state" });
  await page.getByLabel("First day of the period").fill(`${year}-07-01`);
  await page.getByLabel("Last day of the period").fill(`${Number(year) + 1}-06-30`);
  if (testInfo.project.name === "hydrated") {
    await page.getByLabel("Establishments").fill("about 250k");
    await page.getByRole("button", { name: "Save count" }).click();
    await expect(page.getByText("enter a whole number, like 24,500")).toBeVisible();
    await expect(page.getByLabel("First day of the period")).toHaveValue(`${year}-07-01`);
  }
  await page.getByLabel("Establishments").fill("251,340");
  await page.getByRole("button", { name: "Save count" }).click();
  const row = page.getByRole("row").filter({ hasText: `${year}-07-01 to ${Number(year) + 1}-06-30` });
  await expect(row).toContainText("251,340");
  await expect(row).toContainText("Alex Moreau");
  await row.getByRole("button", { name: /Remove the count/ }).click();
  await expect(page.getByRole("row").filter({ hasText: `${year}-07-01 to` })).toHaveCount(0);
});
