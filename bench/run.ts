// Runs every benchmark in its own process (so one's workers and browsers
// cannot skew another's figures) and prints one JSON document:
// { machine, results: { <bench>: <its JSON> } }. `pnpm bench` / `make bench`.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCHES = [
  'session.ts',
  'join.ts',
  'recording.ts',
  'vision.ts',
  'vision-face-match.ts',
  'signaling-under-liveness.ts',
  'store.ts',
  'auditor-list.ts',
  'failover.ts',
  'journey.ts',
  'speech.ts',
  'memory.ts',
  'lip-sync.ts',
] as const;
const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

const results: Record<string, unknown> = {};
let failed = false;
for (const file of BENCHES) {
  const name = file.replace(/\.ts$/, '');
  if (only.length > 0 && !only.includes(name)) continue;
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--conditions=source', join(here, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    results[name] = { ...(JSON.parse(lastLine) as object), wallSeconds: (Date.now() - started) / 1000 };
  } catch {
    failed = true;
    results[name] = { error: `exit ${run.status}; no JSON on the last stdout line`, stdoutTail: lastLine.slice(-500) };
  }
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
console.log(JSON.stringify({ machine, results }, null, 2));
process.exitCode = failed ? 1 : 0;
