import { ERRORS, isErrorCode, METHODS, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { METHOD_EXAMPLES } from '../../../packages/protocol/src/test-fixtures/examples.ts';
import { joinAs } from '../helpers/peers.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// A deterministic corpus of hostile signaling frames, generated from the
// protocol's own examples: mutated values, missing and extra keys, broken
// envelopes, unknown methods, junk bytes, truncated and deeply nested JSON,
// binary frames. Every frame must get exactly one answer (a result or a typed
// error, never INTERNAL), the socket must survive them or be closed with
// RATE_LIMITED, and the server must stay healthy.

const CORPUS_SIZE = 1500;
const SEED = 0x9e3779b9;

/** mulberry32: small, seedable, good enough to pick mutations. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_VALUES: readonly unknown[] = [
  -1,
  0,
  2 ** 31,
  2 ** 32,
  2 ** 53 + 2,
  -1e308,
  1.5,
  '',
  'x'.repeat(70_000),
  '\u0000\u001b[2J\u202e',
  '../../etc/passwd',
  '__proto__',
  {},
  [],
  [[[[[]]]]],
  { __proto__: { polluted: true } },
  true,
  null,
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

function setAt(root: Json, path: (string | number)[], replacement: unknown): Json {
  if (path.length === 0) return replacement as Json;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node: Record<string | number, Json> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path.at(-1);
  if (last !== undefined) node[last] = replacement as Json;
  return copy;
}

function deleteAt(root: Json, path: (string | number)[]): Json {
  if (path.length === 0) return null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node: Record<string | number, Json> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path.at(-1);
  if (last !== undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else Reflect.deleteProperty(node, last);
  }
  return copy;
}

/** The corpus: `{ text | bytes }` frames, the same on every run. */
function corpus(): (string | Buffer)[] {
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const methods = Object.keys(METHOD_EXAMPLES) as (keyof typeof METHOD_EXAMPLES)[];
  const frames: (string | Buffer)[] = [];
  for (let i = 0; i < CORPUS_SIZE; i++) {
    const id = i + 1;
    const method = pick(methods);
    const data = structuredClone(METHOD_EXAMPLES[method].request) as Json;
    const envelope = { kind: 'request', id, method, data } as Record<string, Json>;
    const strategy = Math.floor(random() * 10);
    switch (strategy) {
      case 0:
      case 1:
      case 2: {
        // A hostile value somewhere in the params.
        const target = pick(paths(data));
        frames.push(JSON.stringify({ ...envelope, data: setAt(data, target, pick(HOSTILE_VALUES)) }));
        break;
      }
      case 3: {
        // A key missing, or one added that the schema does not know.
        const target = pick(paths(data));
        const mutated =
          random() < 0.5
            ? deleteAt(data, target)
            : setAt(data, [...target.slice(0, -1), pick(['appData', 'constructor', 'zz'])], 1);
        frames.push(JSON.stringify({ ...envelope, data: mutated }));
        break;
      }
      case 4: {
        // A broken envelope.
        const field = pick(['kind', 'id', 'method', 'data']);
        frames.push(JSON.stringify(setAt(envelope as Json, [field], pick(HOSTILE_VALUES))));
        break;
      }
      case 5:
        frames.push(
          JSON.stringify({
            ...envelope,
            method: pick(['', 'constructor', '__proto__', 'toString', 'joinx', 'x'.repeat(300)]),
          }),
        );
        break;
      case 6: {
        // A valid frame cut short.
        const text = JSON.stringify(envelope);
        frames.push(text.slice(0, Math.floor(random() * text.length)));
        break;
      }
      case 7: {
        const bytes = Buffer.alloc(1 + Math.floor(random() * 512));
        for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(random() * 256);
        frames.push(random() < 0.5 ? bytes : bytes.toString('latin1'));
        break;
      }
      case 8:
        frames.push(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
        break;
      default:
        // The example as it is: valid requests still get their normal answer.
        frames.push(JSON.stringify(envelope));
    }
  }
  return frames;
}

interface Answer {
  readonly ok: boolean;
  readonly code?: string;
}

/** A raw socket that records every response in order (notifications are ignored). */
async function rawSocket(
  url: string,
  token: string,
): Promise<{
  ws: WebSocket;
  answers: Answer[];
  closed: Promise<number>;
  next(count: number): Promise<void>;
}> {
  const ws = new WebSocket(url, [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
  const answers: Answer[] = [];
  let wake: (() => void) | undefined;
  ws.on('message', (raw: Buffer) => {
    const message = JSON.parse(raw.toString('utf8')) as { kind: string; ok?: boolean; error?: { code: string } };
    if (message.kind !== 'response') return;
    answers.push({ ok: message.ok === true, ...(message.error ? { code: message.error.code } : {}) });
    wake?.();
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    answers,
    closed,
    next: async (count) => {
      while (answers.length < count) {
        if (ws.readyState !== WebSocket.OPEN) throw new Error(`socket closed after ${answers.length} answers`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    // Let one socket take the whole corpus: the strike limit has its own test below.
    signaling: { maxBadMessages: 100_000, rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 },
  });
});

afterAll(async () => {
  await server?.close();
});

describe('signaling fuzz corpus', () => {
  it(`answers each of ${CORPUS_SIZE} generated frames exactly once with a result or a typed error`, async () => {
    const sessionId = await server.createSession({ reference: 'fuzz' });
    const agent = await joinAs(server, sessionId, 'agent', 'agent-fuzz');
    const customer = await rawSocket(server.wsUrl, await server.token(sessionId, 'customer', 'cust-fuzz'));
    const frames = corpus();
    expect(frames).toHaveLength(CORPUS_SIZE);
    for (const [index, frame] of frames.entries()) {
      customer.ws.send(frame);
      await customer.next(index + 1);
    }
    expect(customer.answers).toHaveLength(CORPUS_SIZE);
    const codes = new Set(customer.answers.flatMap((answer) => (answer.ok ? [] : [answer.code])));
    for (const code of codes) expect(isErrorCode(code), String(code)).toBe(true);
    // Nothing a client sends is an internal failure of the server.
    expect(codes.has('INTERNAL')).toBe(false);
    // The corpus reaches every layer of the checks.
    for (const code of [
      'MALFORMED_MESSAGE',
      'INVALID_PARAMS',
      'UNKNOWN_METHOD',
      'PAYLOAD_TOO_LARGE',
      'FORBIDDEN_ROLE',
    ]) {
      expect(codes.has(code), code).toBe(true);
    }
    expect(customer.answers.filter((answer) => !answer.ok).length).toBeGreaterThan(CORPUS_SIZE / 2);
    // The socket survived it all, and so did the server and the other participant.
    expect(customer.ws.readyState).toBe(WebSocket.OPEN);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect((await agent.client.request('getRouterRtpCapabilities', {})).rtpCapabilities).toBeDefined();
    customer.ws.close();
    await agent.client.close();
  }, 180_000);

  it('closes a socket that keeps sending junk with RATE_LIMITED, and serves the next client', async () => {
    const limited = await startTestServer({ signaling: { maxBadMessages: 5 } });
    try {
      const sessionId = await limited.createSession({ reference: 'strikes' });
      const junk = await rawSocket(limited.wsUrl, await limited.token(sessionId, 'customer', 'cust-junk'));
      for (let i = 0; i < 10 && junk.ws.readyState === WebSocket.OPEN; i++) junk.ws.send(`{"kind":"request","id":${i}`);
      expect(await junk.closed).toBe(ERRORS.RATE_LIMITED.closeCode);
      expect(junk.answers.every((answer) => answer.code === 'MALFORMED_MESSAGE')).toBe(true);
      expect((await fetch(`${limited.baseUrl}/healthz`)).status).toBe(200);
      const next = await joinAs(limited, sessionId, 'agent', 'agent-next');
      expect(next.joined.sessionId).toBe(sessionId);
      await next.client.close();
    } finally {
      await limited.close();
    }
  });

  it('covers every method of the protocol', () => {
    expect(Object.keys(METHOD_EXAMPLES).sort()).toEqual(Object.keys(METHODS).sort());
  });
});
