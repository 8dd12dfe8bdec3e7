import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

// CI keeps only the last lines of a run's output, where the list reporter puts a failure's
// attachments. This prints, after everything else, each failure's title and the head of its
// error (expected, received, where), so what went wrong is among those lines.
const LINES = 14;

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

class FailureSummary implements Reporter {
  private failures: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === "passed" || result.status === "skipped") return;
    if (result.status === test.expectedStatus) return;
    const title = test.titlePath().filter(Boolean).join(" › ");
    const error = (result.error?.message ?? result.status).replace(ansi, "");
    const head = error.split("\n").filter((line) => line.trim() !== "").slice(0, LINES);
    const at = result.error?.location;
    const where = at ? `  at ${at.file.replace(/.*\/end2end\//, "")}:${at.line}` : "";
    this.failures.push([`✘ ${title} (${result.status})`, ...head.map((l) => `  ${l}`), where].filter(Boolean).join("\n"));
  }

  onEnd(_result: FullResult): void {
    if (this.failures.length === 0) return;
    console.log(`\n${this.failures.length} failed, in short:\n${this.failures.join("\n\n")}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}

export default FailureSummary;
