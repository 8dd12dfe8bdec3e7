import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { jsEnabled, signIn, signOut, stateClock, stateDaySince, waitReady } from "./helpers";

const SCREENSHOTS = path.join(__dirname, "..", "..", "docs", "screenshots");

/** A date `days` from today as a date input wants it. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Fills the request form (again: a plain HTML form comes back empty after a refusal). */
async function fillRequest(page: Page, email: string): Promise<void> {
  await page.getByLabel("Your name").fill("Maria Chavez");
  await page.getByLabel("Agency or organisation").fill("New Mexico Department of Workforce Solutions");
  await page.getByLabel("State", { exact: true }).selectOption("NM");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("What you need").fill("Train six RESEA counselors before the spring intake.");
  await page.getByLabel("Conference call").check();
  await page.getByLabel("Preferred dates").fill("Any Tuesday in March");
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!jsEnabled()) return;
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

test("a visitor finds a program by mode and requests help; the coordinator schedules and delivers it", async ({ page }) => {
  const day = stateClock().day;
  // No sign-in: the catalogue is public.
  await page.goto("/programs");
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Peer to Peer technical assistance" })).toBeVisible();
  await shoot(page, "programs.png");
  await page.getByLabel("Delivery mode", { exact: true }).selectOption("conference_call");
  await page.getByRole("button", { name: "Search" }).click();
  await waitReady(page);
  await expect(page).toHaveURL(/mode=conference_call/);
  // Three demo programs offer conference calls (programs accepted by other tests offer none).
  await expect(page.getByText(/^3 of \d+ programs match$/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Mass BizWorks" })).toHaveCount(0);
  await page.getByRole("link", { name: /^RESEA/ }).click();
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: /^RESEA/ })).toBeVisible();

  // A request the server refuses says which field and why; a good one gets a reference.
  await fillRequest(page, "maria@localhost");
  await page.getByRole("button", { name: "Send the request" }).click();
  await waitReady(page);
  await expect(page.getByText("is not an e-mail address")).toBeVisible();
  await fillRequest(page, "maria@example.org");
  await page.getByRole("button", { name: "Send the request" }).click();
  await page.waitForURL(/\/programs\/status\?reference=TA-/);
  await waitReady(page);
  await expect(page.getByText("Your request was sent.")).toBeVisible();
  const reference = (await page.locator(".notice .reference").textContent())?.trim() ?? "";
  expect(reference).toMatch(/^TA-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  await expect(page.getByText("Received", { exact: true }).first()).toBeVisible();
  // Dated by the state's calendar, which is not always UTC's.
  await expect(page.locator(".stages li.done").first()).toContainText(new RegExp(stateDaySince(day)));

  // The coordinator schedules it, then marks it delivered.
  await signIn(page, "coordinator");
  await page.goto("/assistance?status=received");
  await waitReady(page);
  await shoot(page, "assistance.png");
  await expect(page.getByRole("row").filter({ hasText: reference })).toContainText(new RegExp(stateDaySince(day)));
  await page.getByRole("link", { name: reference }).click();
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: `Request ${reference}` })).toBeVisible();
  await expect(page.getByText("Train six RESEA counselors")).toBeVisible();
  await page.getByLabel("Status").selectOption("scheduled");
  await page.getByRole("button", { name: "Save" }).click();
  await waitReady(page);
  await expect(page.getByText("choose the date it will take place")).toBeVisible();
  await page.getByLabel("Status").selectOption("scheduled");
  await page.getByLabel("Date it takes place").fill(inDays(14));
  await page.getByLabel("Delivered by").selectOption("conference_call");
  await page.getByLabel("Note").fill("Agreed with Maria by e-mail.");
  await page.getByRole("button", { name: "Save" }).click();
  await waitReady(page);
  const history = page.getByRole("region", { name: "History" });
  await expect(history).toContainText("Agreed with Maria by e-mail.");
  // Times on the state's clock, with its zone's name.
  await expect(history).toContainText(new RegExp(`${stateDaySince(day)}, \\d{2}:\\d{2} E[SD]T`));
  await expect(page.locator(".page-head .badge")).toHaveText("Scheduled");
  await page.getByLabel("Status").selectOption("delivered");
  await page.getByRole("button", { name: "Save" }).click();
  await waitReady(page);
  await expect(page.locator(".page-head .badge")).toHaveText("Delivered");
  await signOut(page);

  // The requester sees it delivered, without the coordinator's notes.
  await page.goto(`/programs/status?reference=${reference.toLowerCase()}`);
  await waitReady(page);
  await expect(page.locator(".facts .badge")).toHaveText("Delivered");
  await expect(page.getByText("conference call")).toBeVisible();
  await expect(page.getByText("Agreed with Maria")).toHaveCount(0);
});

test("a submission after the deadline is refused while its draft survives", async ({ page }) => {
  const title = `Youth Apprenticeship Hub (${jsEnabled() ? "hydrated" : "plain"})`;

  // The coordinator closes the window.
  await signIn(page, "coordinator");
  await page.goto("/assistance");
  await waitReady(page);
  await page.getByRole("button", { name: "Close submissions now" }).click();
  await waitReady(page);
  await expect(page.getByRole("region", { name: "Submission window" })).toContainText("Submissions closed on");
  await signOut(page);

  // A rep fills the template and submits: refused, and the draft is kept.
  await signIn(page, "rep");
  await page.goto("/submissions");
  await waitReady(page);
  await expect(page.getByText(/Submissions closed on/)).toBeVisible();
  await page.getByRole("link", { name: "Start a submission" }).click();
  await waitReady(page);
  await page.getByLabel("Program name").fill(title);
  await page.getByLabel("Summary").fill("Apprenticeships for young adults with employers in growing trades.");
  await page.getByLabel("The problem it solves").fill("Young adults could not find paid training.");
  await page.getByLabel("Outcomes").fill("120 apprentices placed in two years.");
  await page.getByLabel("What you can offer").fill("A handbook and a site visit.");
  await page.getByLabel("In-person classroom").check();
  await page.getByLabel("Topics").fill("youth, apprenticeship");
  await page.getByLabel("Contact name").fill("Riley Santos");
  await page.getByLabel("Contact e-mail").fill("rep@bizworks.test");
  await page.getByRole("button", { name: "Submit to the coordinator" }).click();
  await waitReady(page);
  await expect(page.getByRole("alert")).toContainText("Your draft is saved, but it was not submitted: Submissions closed on");
  await page.goto("/submissions");
  await waitReady(page);
  const row = page.getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("Draft");
  await row.getByRole("link", { name: title }).click();
  await waitReady(page);
  await expect(page.getByRole("status").filter({ hasText: "Submissions closed on" })).toBeVisible();
  await expect(page.getByLabel("Program name")).toHaveValue(title);
  await signOut(page);

  // The coordinator opens a new window; the rep submits the kept draft.
  await signIn(page, "coordinator");
  await page.goto("/assistance");
  await waitReady(page);
  await page.getByLabel("Closing date").fill(inDays(30));
  await page.getByLabel("Closing time").fill("17:00");
  await page.getByRole("button", { name: "Open submissions" }).click();
  await waitReady(page);
  await expect(page.getByRole("region", { name: "Submission window" })).toContainText("Submissions are open until");
  await signOut(page);

  await signIn(page, "rep");
  await page.goto("/submissions");
  await waitReady(page);
  await page.getByRole("link", { name: title }).click();
  await waitReady(page);
  await expect(page.getByLabel("Program name")).toHaveValue(title);
  await expect(page.getByLabel("Outcomes")).toHaveValue("120 apprentices placed in two years.");
  await page.getByRole("button", { name: "Submit to the coordinator" }).click();
  await page.waitForURL(/saved=submitted/);
  await waitReady(page);
  await expect(page.getByText("Submitted. The coordinator will review it")).toBeVisible();
  await signOut(page);

  // The coordinator accepts it and it joins the public catalogue.
  await signIn(page, "coordinator");
  await page.goto("/assistance");
  await waitReady(page);
  await page.getByRole("region", { name: "Submissions waiting for a decision" }).getByRole("link", { name: title }).click();
  await waitReady(page);
  await page.getByRole("button", { name: "Accept into the catalogue" }).click();
  await page.waitForURL(/\/assistance$/);
  await waitReady(page);
  await signOut(page);
  await page.goto(`/programs?q=${encodeURIComponent("apprenticeship hub")}`);
  await waitReady(page);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
});

test("only coordinators and administrators open the assistance desk", async ({ page }) => {
  await signIn(page, "rep");
  const response = await page.goto("/assistance");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
});
