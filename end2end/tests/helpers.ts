import * as fs from "node:fs";
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";

/** Every demo account shares this password (seeded by the server). */
export const DEMO_PASSWORD = "bizworks-demo";

export type Role = "rep" | "director" | "coordinator" | "admin";

export interface DemoAccount {
  email: string;
  name: string;
  /** Links the "Main" navigation must show for this account. */
  nav: string[];
  /** Links the "Main" navigation must not show for this account. */
  notNav: string[];
}

export const ACCOUNTS: Record<Role, DemoAccount> = {
  rep: {
    email: "rep@bizworks.test",
    name: "Riley Santos",
    nav: ["Home", "Businesses", "Visits", "Committees", "Programs"],
    notNav: ["Dashboard", "Assistance", "Admin"],
  },
  director: {
    email: "director@bizworks.test",
    name: "Dana Whitfield",
    nav: ["Home", "Dashboard", "Businesses", "Visits", "Committees", "Programs"],
    notNav: ["Assistance", "Admin"],
  },
  coordinator: {
    email: "coordinator@bizworks.test",
    name: "Casey Okafor",
    nav: ["Home", "Assistance", "Committees", "Programs"],
    notNav: ["Businesses", "Visits", "Dashboard", "Admin"],
  },
  admin: {
    email: "admin@bizworks.test",
    name: "Alex Moreau",
    nav: ["Home", "Businesses", "Committees", "Programs", "Assistance", "Admin"],
    notNav: ["Dashboard", "Visits"],
  },
};

/** The state's zone: the server's default, and the browsers' (set in the config). */
export const STATE_ZONE = "America/New_York";

/** The state's date, `days` on. */
export function stateDate(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString("en-CA", { timeZone: STATE_ZONE });
}

/** The state's clock `minutes` from now: what the date and time inputs take, and how pages show it. */
export function stateClock(minutes = 0): { date: string; day: string; time: string; shown: string } {
  const at = new Date(Date.now() + minutes * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: STATE_ZONE,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const time = `${parts.hour}:${parts.minute}`;
  return {
    date: at.toLocaleDateString("en-CA", { timeZone: STATE_ZONE }),
    day: `${parts.day} ${parts.month} ${parts.year}`,
    time,
    shown: `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${time} ${parts.timeZoneName}`,
  };
}

/**
 * A pattern for the state's day as pages write it ("2 Dec 2026"): the day `first` was read,
 * or today's if the state's midnight passed since, so a test that runs across it still passes.
 */
export function stateDaySince(first: string): string {
  const now = stateClock().day;
  return now === first ? first : `(?:${first}|${now})`;
}

/** True in the "hydrated" project, false in "no-js". */
export function jsEnabled(testInfo: TestInfo = test.info()): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** With JavaScript on, waits until the wasm has hydrated the page; without it, returns at once. */
export async function waitReady(page: Page, testInfo: TestInfo = test.info()): Promise<void> {
  if (!jsEnabled(testInfo)) return;
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
}

export function mainNav(page: Page): Locator {
  return page.getByRole("navigation", { name: "Main" });
}

export function navLink(page: Page, name: string): Locator {
  return mainNav(page).getByRole("link", { name, exact: true });
}

/** Fills and submits the sign-in form; leaves the page on "/" (hydrated when JS is on). */
export async function signIn(page: Page, who: Role, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await waitReady(page);
  await page.getByLabel("E-mail", { exact: true }).fill(ACCOUNTS[who].email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("/");
  await waitReady(page);
}

/** Clicks "Sign out" and waits until the header offers "Sign in" again. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await waitReady(page);
}

// axe-core from npm, evaluated in the page (page.evaluate is not subject to the page's CSP).
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe on the page as it is; answers the WCAG 2.1 A/AA violations, described. */
export async function axeViolations(page: Page): Promise<string[]> {
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
