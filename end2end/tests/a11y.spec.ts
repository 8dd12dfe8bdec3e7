import { expect, test, type Page } from "@playwright/test";
import { axeViolations, jsEnabled, signIn, waitReady, type Role } from "./helpers";

/** Controls smaller than 44 px in either direction, which a finger cannot hit reliably. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = [
      "button",
      ".button",
      "select",
      "textarea",
      "input:not([type=checkbox]):not([type=radio]):not([type=hidden])",
      "label.chip",
      "a.chip",
      "nav a",
    ].join(",");
    const small: string[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (element.closest(".trap, .visually-hidden, [hidden]")) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered
      if (box.height < 43.5 || box.width < 43.5) {
        const name = (element.textContent ?? "").trim().slice(0, 30) || element.getAttribute("name") || "";
        small.push(`${element.tagName.toLowerCase()}.${element.className} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

async function check(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await waitReady(page);
  expect(await axeViolations(page), `axe on ${path}`).toEqual([]);
  expect(await smallTargets(page), `touch targets on ${path}`).toEqual([]);
}

/** The first link under `within` whose address starts with `prefix`. */
async function firstLink(page: Page, listPath: string, prefix: string): Promise<string> {
  await page.goto(listPath);
  await waitReady(page);
  const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute("href");
  expect(href, `a link to ${prefix} on ${listPath}`).toBeTruthy();
  return href ?? "/";
}

const PAGES: Record<Role | "visitor", string[]> = {
  visitor: ["/", "/sign-in", "/programs", "/programs/status?reference=TA-DEM00-00001"],
  rep: [
    "/",
    "/businesses",
    "/businesses/new",
    "/visits",
    "/visits/new",
    "/committees",
    "/notifications",
    "/submissions",
    "/submissions/new",
    "/sync",
    "/account/password",
  ],
  director: ["/dashboard", "/visits"],
  coordinator: ["/assistance"],
  admin: ["/admin", "/admin/slate", "/admin/organisation", "/admin/visit-kinds", "/admin/counts", "/admin/duplicates"],
};

test.describe("every page passes axe and has finger-sized controls", () => {
  test.beforeEach(() => {
    test.skip(!jsEnabled(), "axe runs in the hydrated project; the HTML is the same without JavaScript");
  });

  test("pages a visitor opens", async ({ page }) => {
    // The checks themselves can fail: an image without a text alternative and a tiny button.
    await page.goto("/");
    await waitReady(page);
    await page.evaluate(() => {
      document.querySelector("main")?.insertAdjacentHTML("beforeend", '<img src="/x.png"><button style="height:20px">x</button>');
    });
    expect((await axeViolations(page)).some((v) => v.startsWith("image-alt"))).toBe(true);
    expect(await smallTargets(page)).toHaveLength(1);
    for (const path of PAGES.visitor) await check(page, path);
    await check(page, await firstLink(page, "/programs", "/programs/0"));
  });

  for (const role of ["rep", "director", "coordinator", "admin"] as Role[]) {
    test(`pages a ${role} opens`, async ({ page }) => {
      await signIn(page, role);
      for (const path of PAGES[role]) await check(page, path);
      if (role === "rep") {
        await check(page, await firstLink(page, "/businesses?list=all", "/businesses/0"));
        await check(page, await firstLink(page, "/committees", "/committees/0"));
        await check(page, await firstLink(page, "/visits", "/visits/0"));
      }
      if (role === "coordinator") {
        await check(page, await firstLink(page, "/assistance", "/assistance/requests/"));
        await check(page, await firstLink(page, "/assistance", "/submissions/"));
      }
    });
  }
});
