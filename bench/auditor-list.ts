// Auditor list benchmark. Prints one JSON line: with PACKAGES sealed
// evidence packages in a local write-once store and their index in the
// embedded store (PGlite), the compliance portal's calls through the real
// auditor REST routes (p50/p95 ms over ROUNDS calls each):
// - the first page (50, newest first), a page filtered by agent, a page 20
//   pages deep by cursor, one session's summary;
// - floor: the same first page as one SQL query straight on the database
//   (no HTTP, no token check, no access log);
// - for scale: reading every package's summary from the packages themselves,
//   once (what a list cost before the index, on every request).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '../server/src/auth/tokens.ts';
import { EvidenceService } from '../server/src/evidence/evidence-service.ts';
import { LocalWormStore } from '../server/src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../server/src/evidence/signing-keys.ts';
import { registerEvidenceRoutes } from '../server/src/http/evidence/routes.ts';
import { HttpRouter } from '../server/src/http/router.ts';
import { silentLogger } from '../server/src/log.ts';
import { Secret } from '../server/src/secret.ts';
import { EvidencePackageRepository } from '../server/src/store/evidence-packages-repository.ts';
import { migrate } from '../server/src/store/migrate.ts';
import { openPgliteDb, sharedPgliteSeedDir } from '../server/src/store/pglite-db.ts';

const PACKAGES = Number(process.env['AIR_BENCH_PACKAGES'] ?? 2000);
const ROUNDS = 100;
const AGENTS = 40;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timed(rounds: number, call: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

const root = await mkdtemp(join(tmpdir(), 'air-bench-auditor-'));
const db = await openPgliteDb(join(root, 'db'), { seedDir: sharedPgliteSeedDir() });
try {
  await migrate(db);
  const index = new EvidencePackageRepository(db);
  const keys = await SigningKeyRing.ephemeral();
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const evidence = new EvidenceService({
    store: new LocalWormStore(join(root, 'evidence')),
    keys,
    stagingDir: join(root, 'evidence', 'staging'),
    index,
    now: () => (clock += 7),
  });
  const building = performance.now();
  for (let i = 0; i < PACKAGES; i += 1) {
    const sessionId = `bench-${String(i).padStart(6, '0')}`;
    await evidence.openSession(sessionId, { agentId: `agent-${i % AGENTS}`, reference: `loan-${i}` });
    await evidence.append(sessionId, {
      type: 'peer.joined',
      data: { peerId: 'c1', role: 'customer', displayName: 'C' },
    });
    await evidence.finalizeSession(sessionId, { complete: true });
  }
  const buildSeconds = (performance.now() - building) / 1000;

  const tokens = new TokenService({ secret: new Secret(randomBytes(32).toString('base64url')), issuer: 'aircounter' });
  const { token } = await tokens.issueAuditorToken({ auditorId: 'bench', displayName: 'Bench', ttlSeconds: 3600 });
  const router = new HttpRouter(silentLogger);
  registerEvidenceRoutes({ http: router, evidence, index, verifyAuditorToken: (t) => tokens.verifyAuditorToken(t) });
  const server = createServer((req, res) => {
    if (!router.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/evidence/sessions`;
  const get = async (url: string): Promise<{ sessions: { sessionId: string }[]; nextCursor: string | null }> => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
    return (await response.json()) as { sessions: { sessionId: string }[]; nextCursor: string | null };
  };
  try {
    let cursor: string | null = null;
    for (let page = 0; page < 20; page += 1)
      cursor = (await get(`${base}${cursor ? `?cursor=${cursor}` : ''}`)).nextCursor;
    if (cursor === null) throw new Error('fewer than 21 pages');
    const deep = cursor;
    const firstPage = await timed(ROUNDS, () => get(base));
    const byAgent = await timed(ROUNDS, () => get(`${base}?agentId=agent-7`));
    const deepPage = await timed(ROUNDS, () => get(`${base}?cursor=${deep}`));
    const oneSession = await timed(ROUNDS, () =>
      fetch(`${base}/bench-000123`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer()),
    );
    const floor = await timed(ROUNDS, () => index.list({ scope: {}, limit: 50 }));
    const scanning = performance.now();
    for (const sessionId of await evidence.store.listSessions()) await evidence.summarize(sessionId);
    const scanMs = Math.round(performance.now() - scanning);
    console.log(
      JSON.stringify({
        what: 'auditor REST list and summary from the package index (PGlite), sealed packages without media',
        packages: PACKAGES,
        buildSeconds: Math.round(buildSeconds * 10) / 10,
        rounds: ROUNDS,
        firstPageMs: firstPage,
        byAgentMs: byAgent,
        twentyFirstPageMs: deepPage,
        oneSessionMs: oneSession,
        floorSqlFirstPageMs: floor,
        everyPackageReadOnceMs: scanMs,
      }),
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
} finally {
  await db.close();
  await rm(root, { recursive: true, force: true });
}
