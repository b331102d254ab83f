// Store benchmark. Prints one JSON line: for the embedded store (PGlite) and
// for a PostgreSQL 15 server (started by the test harness on this machine),
// the bank's two calls that open a call — POST /api/v1/sessions then
// POST /api/v1/sessions/:id/tokens — through a real server's REST API:
// - latency: one caller, one pair after the other (p50/p95/max, ms);
// - throughput: CONCURRENCY callers at once, pairs per second.
import { rm } from 'node:fs/promises';
import { configForTests, createAirServer, Secret, type AirServer } from '@aircounter/server';
import { startPostgres } from '../tests/support/postgres.ts';

const WARM_UP = 20;
const LATENCY_PAIRS = 200;
const THROUGHPUT_PAIRS = 400;
const CONCURRENCY = 16;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(app: AirServer): Promise<Record<string, unknown>> {
  const { port } = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const headers = {
    authorization: `Bearer ${app.config.auth.apiKey.reveal()}`,
    'content-type': 'application/json',
  };
  const pair = async (i: number): Promise<void> => {
    const created = await fetch(`${base}/api/v1/sessions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reference: `bench-${i}` }),
    });
    if (created.status !== 201) throw new Error(`create session: HTTP ${created.status}`);
    const { sessionId } = (await created.json()) as { sessionId: string };
    const issued = await fetch(`${base}/api/v1/sessions/${sessionId}/tokens`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ role: 'customer', peerId: `c-${i}`, displayName: 'Bench' }),
    });
    if (issued.status !== 200) throw new Error(`issue token: HTTP ${issued.status}`);
    await issued.arrayBuffer();
  };

  for (let i = 0; i < WARM_UP; i++) await pair(i);
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_PAIRS; i++) {
    const started = performance.now();
    await pair(i);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);

  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < THROUGHPUT_PAIRS) await pair(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    engine: app.services.store.db.engine,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      max: round(latencies.at(-1) ?? Number.NaN),
    },
    throughputPairsPerSecond: Math.round(THROUGHPUT_PAIRS / seconds),
  };
}

async function run(overrides: Parameters<typeof configForTests>[0]): Promise<Record<string, unknown>> {
  const config = configForTests({ ...overrides, logLevel: 'error' });
  const app = await createAirServer(config);
  try {
    return await measure(app);
  } finally {
    await app.close();
    await rm(config.dataDir, { recursive: true, force: true });
  }
}

const pglite = await run({});
const postgres = await startPostgres();
let server: Record<string, unknown>;
try {
  const url = await postgres.createDatabase();
  server = await run({ store: { databaseUrl: new Secret(url) } });
} finally {
  await postgres.remove();
}
console.log(
  JSON.stringify({
    what: 'POST /api/v1/sessions + POST …/tokens through the REST API',
    latencyPairs: LATENCY_PAIRS,
    throughputPairs: THROUGHPUT_PAIRS,
    concurrency: CONCURRENCY,
    pglite,
    postgres: server,
  }),
);
