// Memory benchmark. Prints one JSON line (the last line of stdout):
// - baseline: resident memory of the server (this Node process, which runs
//   it in-process, and its mediasoup worker) after start-up and one session
//   created and ended to warm the code paths.
// - per idle session: sessions created through REST that nobody joins.
// - per active session: two participants joined over real WebSockets, each
//   with a send and a receive transport, a camera and a microphone producer
//   and the other's consumers (no RTP flows: the structures, not buffers).
// - after: everyone disconnects and nobody ends the sessions; the idle
//   closer ends them after AIR_SESSION_IDLE_TIMEOUT_S, which closes their
//   rooms and frees their routers; memory is measured again against the
//   baseline, with the rooms and routers left (goal: none).
// Then the same active load once more, to see the worker reuse its memory.
// Node's heap is collected before each reading (v8 `gc`), so the figures are
// what stays, not what the collector has not yet reclaimed.
// Run: `make bench ONLY=memory`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import { joinAs, produceCamera, produceMicrophone, transport, type JoinedPeer } from '../server/test/helpers/peers.ts';
import { startTestServer } from '../server/test/helpers/test-server.ts';
import { rssMiB } from './support/process-stats.ts';
import { loadAverage1m } from './support/load-average.ts';

const IDLE_SESSIONS = Number(process.env['AIR_BENCH_IDLE_SESSIONS'] ?? '200');
const ACTIVE_SESSIONS = Number(process.env['AIR_BENCH_ACTIVE_SESSIONS'] ?? '20');
const IDLE_TIMEOUT_S = 5;
const RECONNECT_GRACE_MS = 1000;

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

interface Reading {
  /** What the server's JavaScript holds: V8 heap in use plus memory outside it (buffers). */
  readonly heapMiB: number;
  readonly workerMiB: number;
  /** heap + worker: what sessions add and must give back. */
  readonly totalMiB: number;
  /**
   * The whole process' resident memory (embedded PostgreSQL's WebAssembly
   * heap, the liveness threads' models): shown, but too coarse per session —
   * freed memory returns to the system late, and a WebAssembly heap never shrinks.
   */
  readonly processRssMiB: number;
}

const round = (value: number): number => Math.round(value * 100) / 100;

async function reading(workerPids: readonly number[]): Promise<Reading> {
  // Twice, with a pause: finalizers run between collections.
  collect();
  await sleep(200);
  collect();
  const memory = process.memoryUsage();
  const heapMiB = (memory.heapUsed + memory.external) / 2 ** 20;
  const workerMiB = workerPids.reduce((total, pid) => total + rssMiB(pid), 0);
  return {
    heapMiB: round(heapMiB),
    workerMiB: round(workerMiB),
    totalMiB: round(heapMiB + workerMiB),
    processRssMiB: round(memory.rss / 2 ** 20),
  };
}

const perSession = (after: Reading, before: Reading, count: number) => ({
  heapKiB: round(((after.heapMiB - before.heapMiB) * 1024) / count),
  workerKiB: round(((after.workerMiB - before.workerMiB) * 1024) / count),
  totalKiB: round(((after.totalMiB - before.totalMiB) * 1024) / count),
});

/** Sessions with two participants each, joined and producing; the peers, to disconnect later. */
async function activeSessions(prefix: string): Promise<JoinedPeer[]> {
  const peers: JoinedPeer[] = [];
  for (let i = 0; i < ACTIVE_SESSIONS; i += 1) {
    const sessionId = await server.createSession({ reference: `${prefix}-${i}` });
    for (const [role, peerId] of [
      ['customer', `customer-${i}`],
      ['agent', `agent-${i}`],
    ] as const) {
      const peer = await joinAs(server, sessionId, role, peerId);
      const send = await transport(peer.client, 'send');
      await transport(peer.client, 'recv');
      await produceCamera(peer.client, send);
      await produceMicrophone(peer.client, send);
      peers.push(peer);
    }
  }
  return peers;
}

/** Closes every participant's socket and waits until the idle closer has ended their sessions; ms waited. */
async function dropEveryone(peers: readonly JoinedPeer[]): Promise<number> {
  for (const peer of peers) peer.client.close();
  const from = performance.now();
  const deadline = from + (IDLE_TIMEOUT_S * 1000 + RECONNECT_GRACE_MS) * 3 + 10_000;
  while (server.app.services.rooms.list().length > 0 && performance.now() < deadline) await sleep(250);
  // Sessions nobody ever joined have no room; they end on the same clock.
  await sleep(IDLE_TIMEOUT_S * 1000);
  return performance.now() - from;
}

const server = await startTestServer({
  sessions: { idleTimeoutSeconds: IDLE_TIMEOUT_S },
  signaling: { reconnectGraceMs: RECONNECT_GRACE_MS, rateLimitPerSecond: 1000, rateLimitBurst: 1000 },
});
const { services } = server.app;
const workerPids = services.workers.pids;
const loadBefore = loadAverage1m();
try {
  // Warm-up: sessions through their whole life, so first-use allocations are not counted per session.
  for (let i = 0; i < 3; i += 1) {
    const warm = await server.createSession({ reference: `warm-${i}` });
    const warmPeer = await joinAs(server, warm, 'customer', `warm-${i}`);
    await produceCamera(warmPeer.client, await transport(warmPeer.client, 'send'));
    warmPeer.client.close();
    await server.api('POST', `/api/v1/sessions/${warm}/end`);
  }
  await sleep(1000);
  const baseline = await reading(workerPids);

  const idle: string[] = [];
  for (let i = 0; i < IDLE_SESSIONS; i += 1) idle.push(await server.createSession({ reference: `idle-${i}` }));
  const withIdle = await reading(workerPids);

  const peers = await activeSessions('active');
  await sleep(1000);
  const withActive = await reading(workerPids);
  const roomsWhileActive = services.rooms.list().length;

  // Everyone drops off and nobody ends anything: the idle closer must.
  const closedAfterMs = await dropEveryone(peers);
  const after = await reading(workerPids);
  const roomsLeftAfterIdleTimeout = services.rooms.list().length;

  // The same load again: the worker reuses what it kept instead of growing.
  const again = await activeSessions('again');
  await sleep(1000);
  const withActiveAgain = await reading(workerPids);
  await dropEveryone(again);
  // Had the first round left something behind per session, a second round would leave as much again.
  const afterAgain = await reading(workerPids);
  const endedIdle = (
    await Promise.all(
      idle.slice(0, 20).map(async (id) => {
        const response = await server.api('GET', `/api/v1/sessions/${id}`);
        return ((await response.json()) as { status?: string }).status;
      }),
    )
  ).filter((status) => status === 'ended').length;

  console.log(
    JSON.stringify({
      baseline,
      perIdleSession: perSession(withIdle, baseline, IDLE_SESSIONS),
      perActiveSession: perSession(withActive, withIdle, ACTIVE_SESSIONS),
      withActive,
      after,
      afterMinusBaselineMiB: round(after.totalMiB - baseline.totalMiB),
      withActiveAgain,
      afterAgain,
      secondRoundLeftMiB: round(afterAgain.totalMiB - after.totalMiB),
      workerGrowthOnSecondRoundMiB: round(withActiveAgain.workerMiB - withActive.workerMiB),
      roomsWhileActive,
      roomsLeftAfterIdleTimeout,
      idleSessionsEndedOfFirst20: endedIdle,
      idleClosedAllRoomsWithinMs: Math.round(closedAfterMs),
      loadAverage1m: { before: loadBefore, after: loadAverage1m() },
      method:
        `in-process server (1 mediasoup worker, embedded PGlite); ${IDLE_SESSIONS} sessions created and never joined; ` +
        `${ACTIVE_SESSIONS} sessions with 2 participants each (send + receive transports, camera + microphone producers, ` +
        `each other's consumers; no RTP); then every socket closed, AIR_SESSION_IDLE_TIMEOUT_S=${IDLE_TIMEOUT_S}, ` +
        `AIR_RECONNECT_GRACE_MS=${RECONNECT_GRACE_MS}; RSS of this process (after gc) and the worker from /proc`,
    }),
  );
} finally {
  await server.close();
}
