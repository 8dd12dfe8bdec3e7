import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { jsEnabled, signIn, signOut, stateClock, stateDate, waitReady } from "./helpers";

const SCREENSHOTS = path.join(__dirname, "..", "..", "docs", "screenshots");

/** Today in the state, as the date input wants it. */
function today(): string {
  return stateDate();
}

async function scheduleMeeting(page: Page, date: string, time: string, place: string): Promise<void> {
  const form = page.getByRole("region", { name: "Schedule a meeting" });
  await form.getByLabel("Date").fill(date);
  await form.getByLabel("Time").fill(time);
  await form.getByLabel("Place or call details").fill(place);
  await form.getByLabel("Agenda").fill("Reports the reps need; the MOSES export.");
  await form.getByRole("button", { name: "Schedule" }).click();
  await waitReady(page);
}

test("a member asks to join, the chair approves, keeps attendance, and sees them at risk", async ({ page }) => {
  // Each project works on its own committee: the two runs share one server.
  const [name, interest] = jsEnabled()
    ? ["Systems Development and Tracking", "data"]
    : ["Training", "training"];

  await signIn(page, "rep");
  await page.goto(`/committees?interest=${interest}`);
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Committees and regional teams" })).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await expect(card).toContainText("Ask to join; the chair reviews requests.");
  await expect(page.getByRole("heading", { name: "Marketing" })).toHaveCount(0);
  await card.getByRole("link", { name }).click();
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  // The chair reads a statement: sending without one names the field and keeps the rest.
  await page.getByLabel("Your interests").fill("data, Reporting");
  await page.getByRole("button", { name: "Ask to join" }).click();
  await waitReady(page);
  await expect(page.getByText("say in a sentence or two why you want to join")).toBeVisible();
  await page.getByLabel("Your interests").fill("data, Reporting");
  await page.getByLabel("Why you want to join").fill("I build our center's monthly reports.");
  await page.getByRole("button", { name: "Ask to join" }).click();
  await waitReady(page);
  await expect(page.getByText("Your request: Waiting for the chair.")).toBeVisible();
  await signOut(page);

  // The chair approves, schedules two meetings that took place since (earlier today: only
  // meetings after someone joined count), and records them absent from both.
  await signIn(page, "coordinator");
  await page.goto("/committees");
  await waitReady(page);
  await page.getByRole("link", { name, exact: true }).click();
  await waitReady(page);
  const requests = page.getByRole("region", { name: "Requests to join" });
  await expect(requests).toContainText("data, reporting");
  await requests.getByRole("button", { name: "Approve Riley Santos" }).click();
  await waitReady(page);
  await expect(requests).toContainText("No requests waiting.");

  await scheduleMeeting(page, today(), "00:00", "Room 4, Springfield");
  await expect(page.getByRole("group", { name: /Meeting of/ })).toHaveCount(1);
  await scheduleMeeting(page, today(), "00:00", "Video call");
  const meetings = page.getByRole("group", { name: /Meeting of/ });
  await expect(meetings).toHaveCount(2);
  for (const n of [0, 1]) {
    const meeting = page.getByRole("group", { name: /Meeting of/ }).nth(n);
    // Nobody starts out present: a mark is what the chair chose.
    await expect(meeting.getByLabel("Riley Santos")).toHaveValue("");
    await expect(meeting.getByLabel("Riley Santos").locator("option:checked")).toHaveText("Not recorded");
    await meeting.getByLabel("Riley Santos").selectOption("absent");
    await meeting.getByRole("button", { name: "Save attendance" }).click();
    await waitReady(page);
    await expect(page.getByRole("group", { name: /Meeting of/ }).nth(n).getByLabel("Riley Santos")).toHaveValue("absent");
  }
  // Times are the state's: a meeting in two hours on its clock has not been held (no
  // attendance to keep, not counted below), and it is the next meeting, shown as typed.
  const soon = stateClock(120);
  await scheduleMeeting(page, soon.date, soon.time, "Room 5, Springfield");
  // Without JavaScript the form's answer is the page again; with it, the facts at its head
  // are read again on a reload.
  if (jsEnabled()) {
    await page.reload();
    await waitReady(page);
  }
  await expect(page.getByRole("group", { name: /Meeting of/ })).toHaveCount(2);
  // The zone's name as the page shows it (in the hour the clocks go back, an ambiguous time is
  // read as the earlier of the two, EDT, whatever the test's clock says).
  await expect(page.getByText(new RegExp(`^${soon.shown.replace(/ E[SD]T$/, "")} E[SD]T$`))).toBeVisible();

  const members = page.getByRole("region", { name: "Members", exact: true });
  const riley = members.getByRole("row").filter({ hasText: "Riley Santos" });
  await expect(riley).toContainText("At risk");
  await expect(riley).toContainText("attended 0 of 2 meetings (0%); needs 50%");

  // The roster downloads as CSV with roles, term dates and the same figures.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    members.getByRole("link", { name: "Download the roster (CSV)" }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), "utf8").split("\r\n");
  expect(csv[0]).toBe("Name,Role,Status,Joined,Term ends,Meetings counted,Attended,Excused,At risk,Participation");
  expect(csv.find((line) => line.startsWith("Riley Santos,"))).toBe(
    `Riley Santos,Member,active,${today()},,2,0,0,yes,attended 0 of 2 meetings (0%); needs 50%`,
  );
  expect(csv.find((line) => line.startsWith("Casey Okafor,"))).toMatch(/^Casey Okafor,Chair,active,/);
  if (jsEnabled()) {
    await page.screenshot({ path: path.join(SCREENSHOTS, "committee-chair.png"), fullPage: true });
    await page.goto("/committees");
    await waitReady(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "committees.png"), fullPage: true });
  }
  await signOut(page);

  // The member reads the decision in their notifications, and finds the committee on their page.
  await signIn(page, "rep");
  await page.getByRole("link", { name: "Notifications" }).click();
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  const decision = page.getByRole("listitem").filter({ hasText: `You are now a member of ${name}.` });
  await expect(decision).toContainText("New");
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await waitReady(page);
  await expect(page.getByText("All read.")).toBeVisible();
  await expect(decision).not.toContainText("New");

  await page.goto("/committees");
  await waitReady(page);
  await page.getByRole("link", { name: "Your committees and roles" }).click();
  await waitReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Riley Santos's committees" })).toBeVisible();
  const seat = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(seat).toContainText("Member");
  await expect(seat).toContainText("Active");
});

test("an administrator appoints a vice-chair with a term", async ({ page }) => {
  // Each project appoints its own person, so the two runs do not meet.
  const person = jsEnabled() ? "Riley Santos" : "Casey Okafor";
  const ends = `${new Date().getUTCFullYear() + 1}-06-30`;
  await signIn(page, "admin");
  await page.goto("/committees");
  await waitReady(page);
  await page.getByRole("link", { name: "MOSES workgroup", exact: true }).click();
  await waitReady(page);
  const form = page.getByRole("region", { name: "Appoint a chair or vice-chair" });
  await form.getByLabel("Person").selectOption({ label: person });
  await form.getByLabel("Role").selectOption("vice_chair");
  await form.getByLabel("Term ends").fill(ends);
  await form.getByRole("button", { name: "Appoint" }).click();
  await waitReady(page);
  const row = page.getByRole("region", { name: "Members", exact: true }).getByRole("row").filter({ hasText: person });
  await expect(row).toContainText(`Vice-chair, until 30 Jun ${new Date().getUTCFullYear() + 1}`);

  // A term that has already ended is refused, naming the field.
  await form.getByLabel("Person").selectOption({ label: `${person} (Vice-chair)` });
  await form.getByLabel("Role").selectOption("chair");
  await form.getByLabel("Term ends").fill("2020-01-01");
  await form.getByRole("button", { name: "Appoint" }).click();
  await waitReady(page);
  await expect(page.getByText("that date has passed")).toBeVisible();
  await expect(row).toContainText("Vice-chair");
});

test("a member who is not the chair sees only their own record", async ({ page }) => {
  await signIn(page, "rep");
  await page.goto("/committees");
  await waitReady(page);
  await page.getByRole("link", { name: "Marketing", exact: true }).click();
  await waitReady(page);
  // The page answers 200 to a member: the chair's part is left out, not refused.
  const response = await page.goto(page.url());
  expect(response?.status()).toBe(200);
  await waitReady(page);
  await expect(page.getByText("You are a member.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your attendance" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Requests to join" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Members", exact: true })).toHaveCount(0);
});

test("someone outside a committee sees how to join it", async ({ page }) => {
  await signIn(page, "coordinator");
  await page.goto("/committees");
  await waitReady(page);
  await page.getByRole("link", { name: "Marketing", exact: true }).click();
  await waitReady(page);
  const response = await page.goto(page.url());
  expect(response?.status()).toBe(200);
  await waitReady(page);
  await expect(page.getByRole("button", { name: "Join", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Members", exact: true })).toHaveCount(0);
});
