import { defineConfig } from "@playwright/test";

// The server under test: serve-e2e.sh starts the already built app on E2E_PORT (3100 unless
// set, so two checkouts can run their suites side by side) against a fresh seeded database.
const port = process.env.E2E_PORT ?? "3100";
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests",
  // One SQLite-backed server on a 2-core machine: run journeys one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // The list as it goes; then, last, a short account of each failure (failure-summary.ts).
  reporter: [["list"], ["./failure-summary.ts"]],
  timeout: 60_000,
  use: {
    baseURL,
    viewport: { width: 1024, height: 768 }, // tablet landscape
    // A rep's tablet keeps the state's time, as the server does (America/New_York by default):
    // "today" is the same day on both, whatever the hour in UTC.
    timezoneId: "America/New_York",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright's own browser builds are never downloaded.
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // The same journeys twice: once hydrated by the wasm, once as plain HTML forms.
  projects: [
    { name: "hydrated", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: "bash ./serve-e2e.sh",
    url: baseURL + "/healthz",
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
  },
});
