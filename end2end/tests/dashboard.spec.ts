import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test } from "@playwright/test";
import { jsEnabled, signIn, waitReady } from "./helpers";

const SCREENSHOTS = path.join(__dirname, "..", "..", "docs", "screenshots");

function figure(page: import("@playwright/test").Page, name: string) {
  return page.locator(".figure").filter({ has: page.getByText(name, { exact: true }) });
}

test("a director changes area and period, drills down to the visits, and downloads the figures", async ({ page }) => {
  await signIn(page, "director");
  await page.goto("/dashboard");
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Statewide · / })).toBeVisible();

  // The program year that holds 1 March of this year, then one region of it.
  const year = new Date().getUTCFullYear();
  await page.getByLabel("Period", { exact: true }).selectOption("program_year");
  await page.getByLabel("A day in the period").fill(`${year}-03-01`);
  await page.getByRole("button", { name: "Show" }).click();
  await waitReady(page);
  const span = `Jul ${year - 1} – Jun ${year}`;
  await expect(page.getByRole("heading", { level: 2, name: `Statewide · ${span}` })).toBeVisible();
  const region = page.getByLabel("Area", { exact: true }).locator("option", { hasText: "region" }).first();
  const regionName = (await region.textContent()) ?? "";
  await page.getByLabel("Area", { exact: true }).selectOption({ label: regionName });
  await page.getByRole("button", { name: "Show" }).click();
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 2, name: `${regionName} · ${span}` })).toBeVisible();
  await expect(page).toHaveURL(/area=region%3A|area=region:/);

  // Every figure says how it is counted; the rates show E1-E4 beside them.
  await expect(figure(page, "Businesses engaged")).toContainText("Distinct establishments");
  await expect(page.getByText(/^E3 \d+ of E4 \d+$/)).toBeVisible();
  await expect(page.getByText(/^E1 \d+( of E2 \d+|; E2: no count entered)$/)).toBeVisible();
  const chart = page.getByRole("img", { name: /Visits and businesses engaged per month/ });
  await expect(chart).toBeVisible();
  const visits = (await figure(page, "Visits").locator(".figure-value").textContent())?.trim() ?? "";
  expect(Number(visits)).toBeGreaterThan(0);
  if (jsEnabled()) {
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard.png"), fullPage: true });
  }

  // The CSV holds what the screen shows.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("region", { name: "Engagement" }).getByRole("link", { name: "Download CSV" }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), "utf8").split("\r\n");
  expect(csv[0]).toBe("Figure,Value");
  expect(csv).toContain(`Visits,${visits}`);
  const engaged = (await figure(page, "Businesses engaged").locator(".figure-value").textContent())?.trim();
  expect(csv).toContain(`Businesses engaged (E1),${engaged}`);

  // Drill down: the visits behind the figure, for the same dates.
  await figure(page, "Visits").getByRole("link").click();
  await waitReady(page);
  await expect(page).toHaveURL(new RegExp(`/visits\\?from=${year - 1}-07-01&to=${year}-06-30&area=region`));
  await expect(page.getByRole("heading", { level: 1, name: /visits/i })).toBeVisible();
  await expect(page.getByRole("row")).not.toHaveCount(0);

  // "Orientations that qualify" opens the orientations that met the rule, not every one
  // recorded as an orientation (those failing it have a figure of their own).
  await page.goBack();
  await waitReady(page);
  await figure(page, "Orientations that qualify").getByRole("link").click();
  await waitReady(page);
  await expect(page).toHaveURL(/only=qualifying/);
  await expect(page.getByLabel("Show", { exact: true }).locator("option:checked")).toHaveText("Orientations that meet the rule");
});

test("custom dates in the wrong order are refused by field, and the form stays", async ({ page }) => {
  await signIn(page, "director");
  await page.goto("/dashboard?period=custom&from=2026-02-01&to=2026-01-01");
  await waitReady(page);
  await expect(page.getByText("the last day comes before the first")).toBeVisible();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("2026-02-01");
  await expect(page.getByLabel("To", { exact: true })).toHaveValue("2026-01-01");
});

test("a rep cannot open the dashboard or its downloads", async ({ page }) => {
  await signIn(page, "rep");
  const response = await page.goto("/dashboard");
  expect(response?.status()).toBe(403);
  await waitReady(page);
  await expect(page.getByText("Your account cannot use Dashboard.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Engagement" })).toHaveCount(0);
  await expect(page.getByLabel("Area", { exact: true })).toHaveCount(0);
  const csv = await page.request.get("/dashboard/figures.csv");
  expect(csv.status()).toBe(403);
});
