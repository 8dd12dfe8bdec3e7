import { expect, test } from "@playwright/test";
import { signIn, waitReady, type Role } from "./helpers";

// Every area a role may open answers with its page.
const AREAS: { role: Role; path: string; heading: string }[] = [
  { role: "director", path: "/dashboard", heading: "Dashboard" },
  { role: "rep", path: "/committees", heading: "Committees" },
  { role: "rep", path: "/notifications", heading: "Notifications" },
  { role: "coordinator", path: "/assistance", heading: "Technical assistance" },
  { role: "admin", path: "/assistance", heading: "Technical assistance" },
  { role: "rep", path: "/submissions", heading: "Program submissions" },
  { role: "rep", path: "/submissions/new", heading: "Submit a program" },
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
  await expect(page.getByRole("heading", { level: 1, name: "Peer to Peer technical assistance" })).toBeVisible();
  await expect(page.getByText(/^\d+ programs$/)).toBeVisible();
  await page.getByRole("link", { name: "Follow a request" }).click();
  await waitReady(page);
  await page.getByLabel("Reference number").fill("TA-DEM00-00001");
  await page.getByRole("button", { name: "Look it up" }).click();
  await waitReady(page);
  await expect(page.getByText("New Mexico")).toBeVisible();
  await expect(page.locator(".facts .badge")).toHaveText("Scheduled");
});
