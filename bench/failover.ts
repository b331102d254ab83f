// Fail-over benchmark (`make bench ONLY=failover`). Prints one JSON line.
// Server processes (main.ts) on loopback share one real PostgreSQL and one
// evidence directory, with 200 ms heartbeats and a node dead after 1.5 s
// without one. Each run: an agent and a customer join a session on node B
// and publish camera and microphone, each consuming the other's camera; B is
// killed (SIGKILL); the parties fetch fresh tokens through node A until one
// names the node the session moved to, join there and publish and consume
// again. Timed: kill → both parties publishing and consuming on the new node.
// Floor, in the same run: the configured dead time less one heartbeat (the
// last beat may come up to one interval before the kill) plus the same two
// joins on a live node with nothing to fail over (what fail-over cannot beat).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { clusterNodeEnv, spawnMain, type MainProcess } from '../server/test/helpers/main-process.ts';
import { produceCamera, produceMicrophone, transport } from '../server/test/helpers/peers.ts';
import { TestSignalingClient } from '../server/test/helpers/signaling-client.ts';
import { startPostgres } from '../tests/support/postgres.ts';
import { loadAverage1m } from './support/load-average.ts';
import { summarize } from './support/percentiles.ts';

const RUNS = Number(process.env['AIR_BENCH_FAILOVER_RUNS'] ?? 5);
const DEAD_AFTER_MS = 1500;
const HEARTBEAT_MS = 200;
const CLI = join(import.meta.dirname, '..', 'server', 'src', 'cli', 'aircounter.ts');

interface Node {
  readonly id: string;
  readonly main: MainProcess;
  readonly base: string;
}

interface Issued {
  readonly token: string;
  readonly signalingUrl: string;
  readonly nodeId: string;
}

const secrets = { apiKey: randomBytes(24).toString('base64url'), tokenSecret: randomBytes(32).toString('base64url') };
const postgres = await startPostgres();
const root = await mkdtemp(join(tmpdir(), 'air-bench-failover-'));
const keyFile = join(root, 'evidence-signing-key.pem');
await promisify(execFile)(process.execPath, ['--conditions=source', CLI, 'keygen', '--out', keyFile]);
const databaseUrl = await postgres.createDatabase();
const nodes: Node[] = [];
let nextRtcPort = 41_000;

async function startNode(id: string, capacity: number): Promise<Node> {
  const rtcBase = nextRtcPort;
  nextRtcPort += 1000;
  const main = spawnMain(
    clusterNodeEnv({
      databaseUrl,
      id,
      capacity,
      heartbeatMs: HEARTBEAT_MS,
      deadAfterMs: DEAD_AFTER_MS,
      root,
      keyFile,
      rtcBase,
    }),
    secrets,
  );
  const port = await main.listening;
  const node = { id, main, base: `http://127.0.0.1:${port}` };
  nodes.push(node);
  return node;
}

async function api(node: Node, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${node.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secrets.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

function token(node: Node, sessionId: string, role: string): Promise<Issued> {
  return api(node, `/api/v1/sessions/${sessionId}/tokens`, { role, peerId: role, displayName: role }) as Promise<
    Record<string, unknown> & Issued
  >;
}

/** Joins where the token says, publishes camera and microphone; resolves with the client and its camera. */
async function joinAndPublish(issued: Issued): Promise<{ client: TestSignalingClient; camera: string }> {
  const client = await TestSignalingClient.open(issued.signalingUrl, issued.token);
  const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
  await client.request('join', { rtpCapabilities });
  const send = await transport(client, 'send');
  const camera = await produceCamera(client, send);
  await produceMicrophone(client, send);
  return { client, camera };
}

/** Both parties of a session in the call on the node their tokens name, each consuming the other's camera. */
async function bothInCall(agentToken: Issued, customerToken: Issued): Promise<TestSignalingClient[]> {
  const [agent, customer] = await Promise.all([joinAndPublish(agentToken), joinAndPublish(customerToken)]);
  for (const [client, producerId] of [
    [agent.client, customer.camera],
    [customer.client, agent.camera],
  ] as const) {
    const recv = await transport(client, 'recv');
    await client.request('consume', { transportId: recv, producerId });
  }
  return [agent.client, customer.client];
}

const failoverMs: number[] = [];
const plainJoinMs: number[] = [];
const loadBefore = loadAverage1m();
try {
  // A serves REST only; C is where sessions go when their node dies.
  const a = await startNode('node-a', 0);
  await startNode('node-c', 100);
  for (let run = 0; run < RUNS; run++) {
    // A fresh B with more room than C, so the new session is placed on it.
    const b = await startNode(`node-b-${String(run)}`, 1000);
    const { sessionId } = (await api(a, '/api/v1/sessions', {})) as { sessionId: string };
    const onB = await bothInCall(await token(a, sessionId, 'agent'), await token(a, sessionId, 'customer'));
    const killedAt = performance.now();
    b.main.child.kill('SIGKILL');
    await b.main.exited;
    await Promise.all(onB.map((client) => client.closed));
    let moved: Issued | undefined;
    while (moved === undefined) {
      const issued = await token(a, sessionId, 'agent');
      if (issued.nodeId !== b.id) moved = issued;
      else await sleep(50);
    }
    const onC = await bothInCall(moved, await token(a, sessionId, 'customer'));
    failoverMs.push(performance.now() - killedAt);
    for (const client of onC) await client.close();

    // The floor's second part: the same two joins on a live node, nothing to fail over.
    const { sessionId: plain } = (await api(a, '/api/v1/sessions', {})) as { sessionId: string };
    const tokens = [await token(a, plain, 'agent'), await token(a, plain, 'customer')] as const;
    const started = performance.now();
    const inCall = await bothInCall(...tokens);
    plainJoinMs.push(performance.now() - started);
    for (const client of inCall) await client.close();
  }
} finally {
  for (const node of nodes) {
    if (node.main.child.exitCode === null && node.main.child.signalCode === null) {
      node.main.child.kill('SIGKILL');
      await node.main.exited;
    }
  }
  await postgres.remove();
  await rm(root, { recursive: true, force: true });
}

const failover = summarize(failoverMs);
const plain = summarize(plainJoinMs);
const floor = DEAD_AFTER_MS - HEARTBEAT_MS + plain.median;
console.log(
  JSON.stringify({
    runs: RUNS,
    deadAfterMs: DEAD_AFTER_MS,
    heartbeatMs: HEARTBEAT_MS,
    killToBothInCallOnNewNodeMs: failover,
    plainJoinOfBothMs: plain,
    floorMs: { median: floor },
    ratioToFloor: { median: Math.round((failover.median / floor) * 100) / 100 },
    loadAverage1m: { before: loadBefore, after: loadAverage1m() },
    method:
      'main.ts processes on loopback, one PostgreSQL; node B SIGKILLed with an agent and a customer in the call (publishing camera and microphone, consuming each other); fresh tokens through node A until one names another node; both join, publish and consume there. Floor: the dead time less one heartbeat plus the same two joins on a live node.',
  }),
);
