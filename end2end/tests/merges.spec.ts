import { expect, test, type Page } from "@playwright/test";
import { jsEnabled, signIn, waitReady } from "./helpers";

async function createBusiness(page: Page, name: string): Promise<string> {
  const origin = new URL(page.url()).origin;
  const created = await page.request.post("/api/create_business", {
    headers: { Origin: origin },
    form: {
      "draft[legal_name]": name,
      "draft[naics]": "238210",
      "draft[address]": "9 Depot Square",
      "draft[city]": "Chicopee",
      "draft[zip]": "01013",
      "draft[stage]": "stable",
    },
  });
  expect(created.status()).toBe(200);
  return (await created.json()) as string;
}

test("a rep merges two duplicates side by side and undoes it", async ({ page }, testInfo) => {
  const stem = testInfo.project.name === "no-js" ? "Eastover Welding" : "Westover Welding";
  await signIn(page, "rep");
  const keep = await createBusiness(page, `${stem} LLC`);
  const gone = await createBusiness(page, stem.toUpperCase());

  await page.goto(`/businesses/${keep}`);
  await waitReady(page);
  const duplicates = page.getByRole("region", { name: "Possible duplicates" });
  await expect(duplicates).toContainText(stem.toUpperCase());
  await duplicates.getByRole("link", { name: "Compare and merge" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Merge businesses" })).toBeVisible();
  await expect(page.getByRole("table", { name: "The two businesses side by side" })).toContainText("Remains");
  await waitReady(page);
  await page.getByRole("button", { name: `Merge ${stem.toUpperCase()} into ${stem} LLC` }).click();

  await expect(page.getByRole("heading", { level: 1, name: `${stem} LLC` })).toBeVisible();
  const merged = page.getByRole("region", { name: "Merged into this business" });
  await expect(merged).toContainText(stem.toUpperCase());
  await expect(page.getByRole("region", { name: "Possible duplicates" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Record a visit" })).toBeVisible();

  // The merged business takes no more visits; a visit meant for it goes to the survivor.
  await page.goto(`/businesses/${gone}`);
  await expect(page.getByText("This business was merged into")).toBeVisible();
  await expect(page.getByRole("link", { name: "Record a visit" })).toHaveCount(0);
  if (jsEnabled(testInfo)) {
    await page.goto(`/visits/new?business=${gone}`);
    await waitReady(page);
    await expect(page.getByRole("button", { name: `Remove ${stem} LLC`, exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: `Remove ${stem.toUpperCase()}`, exact: true })).toHaveCount(0);
  }

  await page.goto(`/businesses/${keep}`);
  await waitReady(page);
  await merged.getByRole("button", { name: `Undo merge of ${stem.toUpperCase()}` }).click();
  await expect(page.getByRole("region", { name: "Merged into this business" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Possible duplicates" })).toContainText(stem.toUpperCase());
});

test("admins see the possible duplicates across the state", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Possible duplicates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Possible duplicates" })).toBeVisible();
  await expect(page.getByText("Westover Welding LLC").or(page.getByText("No possible duplicates"))).toBeVisible();
});
