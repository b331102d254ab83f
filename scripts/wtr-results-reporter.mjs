// A @web/test-runner reporter that writes the run's totals as JSON with the
// same field names as vitest's json reporter, for scripts/test-summary.ts.
// A test file that failed to load (no results, errors) counts as one failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function countSuite(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.numPendingTests += 1;
    else if (test.passed) counts.numPassedTests += 1;
    else counts.numFailedTests += 1;
  }
  for (const child of suite?.suites ?? []) countSuite(child, counts);
}

export function resultsFileReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0 };
      for (const session of sessions) {
        const before = counts.numPassedTests + counts.numFailedTests + counts.numPendingTests;
        countSuite(session.testResults, counts);
        const counted = counts.numPassedTests + counts.numFailedTests + counts.numPendingTests - before;
        if (counted === 0 && !session.passed) counts.numFailedTests += 1;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(counts));
    },
  };
}
