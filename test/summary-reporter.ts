/**
 * Prints the plain closing line `N passed, N failed, N skipped` that CI reads, and under CI=true
 * fails the run when any test was skipped (nothing may be skipped there).
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed += 1; // a file that failed to load
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    failed += errors.length;
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
    if (process.env.CI === 'true' && skipped > 0) {
      console.log(`CI=true: ${skipped} skipped test(s) count as failures`);
      process.exitCode = 1;
    }
  }
}
