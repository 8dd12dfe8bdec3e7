import { expect, test } from "@playwright/test";
import { signIn, waitReady, type Role } from "./helpers";

// Every area a role may open answers with its page, including those still marked "Not yet".
const AREAS: { role: Role; path: string; heading: string }[] = [
  { role: "director", path: "/dashboard", heading: "Dashboard" },
  { role: "rep", path: "/committees", heading: "Committees" },
  { role: "rep", path: "/notifications", heading: "Notifications" },
  { role: "coordinator", path: "/assistance", heading: "Assistance" },
  { role: "admin", path: "/admin/slate", heading: "Slate of services" },
  { role: "admin", path: "/admin/duplicates", heading: "Possible duplicates" },
];

for (const { role, path, heading } of AREAS) {
  test(`${role} opens ${path}`, async ({ page }) => {
    await signIn(page, role);
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await waitReady(page);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  });
}

test("visitors open the public programs page without signing in", async ({ page }) => {
  const response = await page.goto("/programs");
  expect(response?.status()).toBe(200);
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Programs" })).toBeVisible();
  await expect(page.getByText("Not yet")).toBeVisible();
});
