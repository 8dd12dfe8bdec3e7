import type { FullResult, Reporter, TestCase, TestError, TestResult } from "@playwright/test/reporter";

// CI keeps only the last lines of a run's output, where the list reporter puts a failure's
// attachments. This prints, after everything else, each failure's title and the head of its
// error (expected, received, where), so what went wrong is among those lines.
const LINES = 14;

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g;

class FailureSummary implements Reporter {
  private failures: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    // Retries aside, what made the run fail: a failure, a timeout, a `test.fail` that passed.
    if (test.outcome() !== "unexpected" || result.retry < test.retries) return;
    const title = test.titlePath().filter(Boolean).join(" › ");
    const errors = result.errors.length > 0 ? result.errors : [{ message: `${result.status}, expected ${test.expectedStatus}` }];
    const lines = [`✘ ${title} (${result.status})`];
    for (const error of errors) lines.push(...this.describe(error));
    this.failures.push(lines.join("\n"));
  }

  /** A failure outside any test (the server did not start, a file did not compile). */
  onError(error: TestError): void {
    this.failures.push(["✘ outside the tests", ...this.describe(error)].join("\n"));
  }

  private describe(error: TestError): string[] {
    const text = (error.message ?? error.value ?? "").replace(ansi, "");
    const head = text.split("\n").filter((line) => line.trim() !== "").slice(0, LINES);
    const at = error.location ? [`  at ${error.location.file.replace(/.*\/end2end\//, "")}:${error.location.line}`] : [];
    return [...head.map((line) => `  ${line}`), ...at];
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
