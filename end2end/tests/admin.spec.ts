import { expect, test } from "@playwright/test";
import { jsEnabled, mainNav, signIn, signOut, waitReady } from "./helpers";

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
  await expect(page.getByText("Signed in as Sam Newrep")).toBeVisible();
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
