import * as fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { jsEnabled, signIn, waitReady, type Role } from "./helpers";

// axe-core from npm, evaluated in the page (page.evaluate is not subject to the page's CSP).
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe on the page as it is; answers the WCAG 2.1 A/AA violations, described. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found: Violation[] = await page.evaluate(async () => {
    // @ts-expect-error axe is a global once evaluated
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations;
  });
  return found.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

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
  expect(await violations(page), `axe on ${path}`).toEqual([]);
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
    expect((await violations(page)).some((v) => v.startsWith("image-alt"))).toBe(true);
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
