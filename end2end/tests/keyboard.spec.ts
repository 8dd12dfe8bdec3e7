import { expect, test, type Page } from "@playwright/test";
import { waitReady } from "./helpers";

/** Presses Tab until the focused control is the one labelled `label`; fails if Tab never
 * reaches it (the control is not keyboard-reachable). */
async function tabTo(page: Page, label: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return "";
      const id = element.id;
      const byFor = id ? document.querySelector(`label[for="${id}"]`)?.textContent : null;
      const wrapping = element.closest("label")?.textContent;
      return (byFor ?? wrapping ?? element.getAttribute("aria-label") ?? element.textContent ?? "").trim();
    });
    if (focused.startsWith(label)) return;
  }
  throw new Error(`Tab never reached "${label}"`);
}

test("a person signs in with the keyboard alone", async ({ page }) => {
  await page.goto("/sign-in");
  await waitReady(page);
  await tabTo(page, "E-mail");
  await page.keyboard.type("rep@bizworks.test");
  await tabTo(page, "Password");
  await page.keyboard.type("bizworks-demo");
  await page.keyboard.press("Enter");
  await page.waitForURL("/");
  await waitReady(page);
  await expect(page.getByText("Riley Santos")).toBeVisible();
});

test("a visitor requests assistance with the keyboard alone", async ({ page }) => {
  await page.goto("/programs");
  await waitReady(page);
  await tabTo(page, "Mass BizWorks");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/programs\/[0-9a-f-]+$/);
  await waitReady(page);
  await tabTo(page, "Your name");
  await page.keyboard.type("Lee Park");
  await tabTo(page, "Agency or organisation");
  await page.keyboard.type("Vermont Department of Labor");
  await tabTo(page, "State");
  await page.keyboard.type("Vermont");
  await tabTo(page, "E-mail");
  await page.keyboard.type("lee@example.org");
  await tabTo(page, "What you need");
  await page.keyboard.type("A workshop for our business services team.");
  await tabTo(page, "Video conference");
  await page.keyboard.press("Space");
  await tabTo(page, "Send the request");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/programs\/status\?reference=TA-/);
  await waitReady(page);
  await expect(page.getByText("Your request was sent.")).toBeVisible();
  await expect(page.getByText("Vermont")).toBeVisible();
});
