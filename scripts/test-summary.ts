// Adds up the JSON results of every suite of `make test` and prints one plain
// closing line: "tests: N passed, N failed" (", N skipped" when any).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function countsOf(file: string): Counts {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${file}: not a results object`);
  const number = (key: string): number => {
    const value = parsed[key];
    return typeof value === 'number' ? value : 0;
  };
  // vitest's json reporter (jest-compatible fields) and our web-test-runner reporter share these names.
  return {
    passed: number('numPassedTests'),
    failed: number('numFailedTests'),
    skipped: number('numPendingTests') + number('numTodoTests'),
  };
}

const dir = process.argv[2] ?? 'var/test-results';
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
  const counts = countsOf(join(dir, file));
  console.log(`  ${file.replace(/\.json$/, '')}: ${counts.passed} passed, ${counts.failed} failed`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log(
  `tests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
