// Journey benchmark. Prints one JSON line: the time from an agent's
// `journeyAction` request to the moment every participant (customer, agent,
// supervisor) holds the `journeyChanged` notification of it — the engine, the
// store write (embedded PGlite), the evidence appends and the broadcast —
// through a real server over real WebSockets on 127.0.0.1 (p50/p95/max, ms).
// Floor, measured in the same run: the agent's `journeyState` round trip (the
// same socket, server and store read, without the engine, the store write,
// the evidence appends or the broadcast).
import { rm } from 'node:fs/promises';
import { configForTests, createAirServer } from '@aircounter/server';

const STEPS = 60;
const WARM_UP_STEPS = 5;
/** Least time between two floor requests' starts. */
const FLOOR_PACE_MS = 50;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const text = (value: string) => ({ en: value, 'zh-Hans': value, 'zh-Hant': value });

/** Agent statements that need no recording: the measure is the signaling path, not the recorder. */
const DEFINITION = {
  id: 'bench',
  version: 1,
  title: text('Benchmark'),
  steps: Array.from({ length: STEPS }, (_, i) => ({
    kind: 'agent-statement',
    id: `s-${i}`,
    title: text(`Step ${i}`),
    text: text(`Statement ${i}`),
    needsRecording: false,
  })),
};

interface Peer {
  request(method: string, data: unknown): Promise<unknown>;
  /** Resolves when a `journeyChanged` of this revision arrived (at once if it already did). */
  revision(revision: number): Promise<void>;
  close(): void;
}

async function connect(url: string, token: string): Promise<Peer> {
  const socket = new WebSocket(url, ['aircounter.v1', `aircounter.token.${token}`]);
  const pending = new Map<number, { resolve: (data: unknown) => void; reject: (error: Error) => void }>();
  const seen = new Set<number>();
  const waiting = new Map<number, () => void>();
  let nextId = 1;
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as Record<string, unknown>;
    if (message['kind'] === 'response') {
      const waiter = pending.get(Number(message['id']));
      pending.delete(Number(message['id']));
      if (message['ok'] === true) waiter?.resolve(message['data']);
      else waiter?.reject(new Error(JSON.stringify(message['error'])));
    } else if (message['method'] === 'journeyChanged') {
      const revision = Number((message['data'] as { state: { revision: number } }).state.revision);
      seen.add(revision);
      waiting.get(revision)?.();
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('socket failed')), { once: true });
  });
  const request = (method: string, data: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ kind: 'request', id, method, data }));
    });
  const { rtpCapabilities } = (await request('getRouterRtpCapabilities', {})) as { rtpCapabilities: unknown };
  await request('join', { rtpCapabilities });
  return {
    request,
    revision: (revision) =>
      seen.has(revision) ? Promise.resolve() : new Promise((resolve) => waiting.set(revision, resolve)),
    close: () => socket.close(),
  };
}

const config = configForTests({ logLevel: 'error' });
const app = await createAirServer(config);
try {
  const { port } = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${config.auth.apiKey.reveal()}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  await post('/api/v1/journeys', DEFINITION);
  const { sessionId } = (await post('/api/v1/sessions', { journey: { id: 'bench', version: 1 } })) as {
    sessionId: string;
  };
  const join = async (role: string, peerId: string): Promise<Peer> => {
    const { token } = (await post(`/api/v1/sessions/${sessionId}/tokens`, {
      role,
      peerId,
      displayName: peerId,
    })) as { token: string };
    return connect(`ws://127.0.0.1:${port}/signaling`, token);
  };
  const agent = await join('agent', 'agent-1');
  const peers = [agent, await join('customer', 'customer-1'), await join('supervisor', 'supervisor-1')];

  const latencies: number[] = [];
  let revision = 0;
  let actionId = 0;
  for (let i = 0; i < STEPS; i++) {
    for (const type of ['start', 'complete'] as const) {
      revision += 1;
      const started = performance.now();
      const everyone = Promise.all(peers.map((peer) => peer.revision(revision)));
      await agent.request('journeyAction', { type, stepId: `s-${i}`, actionId: `bench-action-${(actionId += 1)}` });
      await everyone;
      if (i >= WARM_UP_STEPS) latencies.push(performance.now() - started);
    }
  }
  const floor: number[] = [];
  for (let i = 0; i < latencies.length + WARM_UP_STEPS * 2; i++) {
    const started = performance.now();
    await agent.request('journeyState', {});
    if (i >= WARM_UP_STEPS * 2) floor.push(performance.now() - started);
    // Below the server's request rate limit (30/s), as the actions above are.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, FLOOR_PACE_MS - (performance.now() - started))));
  }
  for (const peer of peers) peer.close();
  const round = (ms: number) => Math.round(ms * 100) / 100;
  const summary = (values: number[]) => {
    values.sort((a, b) => a - b);
    return {
      p50: round(percentile(values, 50)),
      p95: round(percentile(values, 95)),
      max: round(values.at(-1) ?? Number.NaN),
    };
  };
  console.log(
    JSON.stringify({
      actionToEveryPeerMs: summary(latencies),
      floorStateRoundTripMs: summary(floor),
      samples: latencies.length,
      peers: peers.length,
      engine: app.services.store.db.engine,
    }),
  );
} finally {
  await app.close();
  await rm(config.dataDir, { recursive: true, force: true, maxRetries: 5 });
}
