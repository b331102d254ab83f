import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  createHttpEvidenceReader,
  fetchSigningKeys,
  parseSessionPage,
  verifyAccessLog,
  verifyEvidence,
  type AccessEntry,
} from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/tokens.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import { HttpRouter } from '../src/http/router.ts';
import { openTestEvidenceIndex, type TestEvidenceIndex } from '../../tests/support/evidence-index.ts';
import { registerEvidenceRoutes } from '../src/http/evidence/routes.ts';
import { silentLogger } from '../src/log.ts';
import { Secret } from '../src/secret.ts';
import { buildPackage, removeTree, tempDir, type BuiltPackage } from './evidence-fixtures.ts';

let root: string;
let server: Server;
let baseUrl: string;
let pkg: BuiltPackage;
let auditorToken: string;
let tokens: TokenService;
const apiKey = randomBytes(24).toString('base64url');
let indexed: TestEvidenceIndex | undefined;
const settings = { secret: new Secret(randomBytes(32).toString('base64url')), issuer: 'aircounter' };

beforeAll(async () => {
  root = await tempDir('api');
  const keys = await SigningKeyRing.ephemeral();
  // Three sessions with distinct agents and creation times (one hour apart), one left open.
  let clock = Date.parse('2026-03-01T09:00:00.000Z');
  const now = (): number => clock;
  pkg = await buildPackage(root, keys, { sessionId: 'sess-1', agentId: 'agent-a', now });
  clock += 3_600_000;
  await buildPackage(root, keys, { sessionId: 'sess-2', agentId: 'agent-b', now });
  clock += 3_600_000;
  await buildPackage(root, keys, { sessionId: 'sess-3', agentId: 'agent-a', now, finalize: false });

  tokens = new TokenService(settings);
  auditorToken = (await tokens.issueAuditorToken({ auditorId: 'aud-1', displayName: 'Audrey', ttlSeconds: 600 })).token;
  const router = new HttpRouter(silentLogger);
  // The packages were written before the index existed: the start-up reconciliation indexes them.
  indexed = await openTestEvidenceIndex(pkg.service);
  registerEvidenceRoutes({
    http: router,
    evidence: pkg.service,
    index: indexed.index,
    verifyAuditorToken: (token) => tokens.verifyAuditorToken(token),
  });
  server = createServer((req, res) => {
    if (!router.handle(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await indexed?.close();
  await removeTree(root);
});

const api = (path: string): string => `${baseUrl}/api/v1/evidence${path}`;

/** `token` null sends no Authorization header. */
function get(path: string, token: string | null = auditorToken, headers: Record<string, string> = {}) {
  return fetch(api(path), { headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers } });
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

async function accessEntries(): Promise<AccessEntry[]> {
  const bytes = new Uint8Array(await readFile(join(root, 'access-log', 'access.jsonl')));
  const result = await verifyAccessLog(bytes);
  expect(result.problems).toEqual([]);
  return [...result.entries];
}

describe('auditor API: who may read evidence', () => {
  it('serves an auditor', async () => {
    const response = await get('/sessions/sess-1/manifest');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { manifest: { sessionId: string }; signature: { keyId: string } };
    expect(body.manifest.sessionId).toBe('sess-1');
    expect(body.signature.keyId).toBe(pkg.service.keys.keyId);
  });

  it.each(['customer', 'agent', 'supervisor'] as const)('refuses a %s join token with FORBIDDEN_ROLE', async (role) => {
    const { token } = await tokens.issueJoinToken({
      sessionId: 'sess-1',
      peerId: `${role}-1`,
      role,
      displayName: role,
      ttlSeconds: 600,
    });
    const response = await get('/sessions/sess-1/files/recording.webm', token);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('FORBIDDEN_ROLE');
  });

  it.each([
    ['the bank API key', apiKey, 401, 'AUTH_INVALID_TOKEN'],
    ['no credential', null, 401, 'AUTH_MISSING_TOKEN'],
    [
      'a token signed with another secret',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      401,
      'AUTH_INVALID_TOKEN',
    ],
  ])('refuses %s', async (_what, token, status, code) => {
    const response = await get('/sessions', token);
    expect(response.status).toBe(status);
    expect(await errorCode(response)).toBe(code);
  });

  it('refuses an expired auditor token', async () => {
    const past = new TokenService(settings, () => Date.now() - 3_600_000);
    const { token } = await past.issueAuditorToken({ auditorId: 'aud-old', displayName: 'Old', ttlSeconds: 60 });
    const response = await get('/sessions', token);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('AUTH_EXPIRED_TOKEN');
  });

  it('refuses traversal in session ids and file names', async () => {
    // (A bare %2E%2E segment never arrives: URL parsing removes dot segments before routing.)
    const paths = [
      '/sessions/a%2F..%2F..%2Faccess-log/files',
      '/sessions/%2E%2Ehidden/events',
      '/sessions/sess-1/files/..%2F..%2Faccess-log%2Faccess.jsonl',
      '/sessions/sess-1/files/.hidden',
    ];
    for (const path of paths) {
      const response = await get(path);
      expect({ path, status: response.status, code: await errorCode(response) }).toEqual({
        path,
        status: 400,
        code: 'INVALID_PARAMS',
      });
    }
    const missing = await get('/sessions/sess-9/manifest');
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe('EVIDENCE_NOT_FOUND');
  });

  it('publishes the signing keys without authentication, public parts only', async () => {
    const keys = await fetchSigningKeys(baseUrl);
    expect(keys.map((k) => k.kid)).toEqual([pkg.service.keys.keyId]);
    const raw = (await (await fetch(`${baseUrl}/.well-known/aircounter/signing-keys`)).json()) as { keys: object[] };
    expect(raw.keys.every((k) => !('d' in k))).toBe(true);
  });
});

describe('auditor API: reading', () => {
  it('lists sessions newest first, filtered and paginated', async () => {
    const all = (await (await get('/sessions')).json()) as { sessions: { sessionId: string; status: string }[] };
    // The body is the auditor API's one definition of a page (what clients parse it with).
    expect(parseSessionPage(all)).toMatchObject({ ok: true });
    expect(all.sessions.map((s) => [s.sessionId, s.status])).toEqual([
      ['sess-3', 'open'],
      ['sess-2', 'complete'],
      ['sess-1', 'complete'],
    ]);
    const agentA = (await (await get('/sessions?agentId=agent-a')).json()) as { sessions: { sessionId: string }[] };
    expect(agentA.sessions.map((s) => s.sessionId)).toEqual(['sess-3', 'sess-1']);
    const complete = (await (await get('/sessions?status=complete&from=2026-03-01T09:30:00Z')).json()) as {
      sessions: { sessionId: string }[];
    };
    expect(complete.sessions.map((s) => s.sessionId)).toEqual(['sess-2']);
    const to = (await (await get(`/sessions?to=${Date.parse('2026-03-01T09:30:00Z')}`)).json()) as {
      sessions: { sessionId: string }[];
    };
    expect(to.sessions.map((s) => s.sessionId)).toEqual(['sess-1']);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await get(`/sessions?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        sessions: { sessionId: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.sessions.map((s) => s.sessionId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(['sess-3', 'sess-2', 'sess-1']);

    for (const bad of ['status=deleted', 'limit=0', 'limit=1000', 'from=yesterday', 'cursor=%21%21']) {
      const response = await get(`/sessions?${bad}`);
      expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
    }
  });

  it('returns the events of a session, open or finalized', async () => {
    const open = (await (await get('/sessions/sess-3/events')).json()) as {
      finalized: boolean;
      entries: { seq: number }[];
    };
    expect(open.finalized).toBe(false);
    expect(open.entries.map((e) => e.seq)).toEqual(open.entries.map((_, i) => i));
    const manifest = await get('/sessions/sess-3/manifest');
    expect(manifest.status).toBe(404);
    expect(await errorCode(manifest)).toBe('EVIDENCE_NOT_FOUND');
  });

  it('serves files with HTTP Range semantics', async () => {
    const whole = new Uint8Array(await readFile(join(pkg.dir, 'recording.webm')));
    const size = whole.byteLength;

    const full = await get('/sessions/sess-1/files/recording.webm');
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('content-type')).toBe('video/webm');
    expect(full.headers.get('content-length')).toBe(String(size));
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(whole);

    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=100-', 100, size - 1],
      ['bytes=-50', size - 50, size - 1],
      [`bytes=10-${size + 1000}`, 10, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await get('/sessions/sess-1/files/recording.webm', auditorToken, { range });
      expect({ range, status: response.status }).toEqual({ range, status: 206 });
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(whole.subarray(start, end + 1));
    }

    for (const range of [`bytes=${size}-`, 'bytes=50-10', 'bytes=abc', 'bytes=-0', 'bytes=-']) {
      const response = await get('/sessions/sess-1/files/recording.webm', auditorToken, { range });
      expect({ range, status: response.status }).toEqual({ range, status: 416 });
      expect(response.headers.get('content-range')).toBe(`bytes */${size}`);
      await response.arrayBuffer();
    }

    // Multiple ranges and unknown units are answered with the whole file (RFC 9110 allows ignoring Range).
    for (const range of ['bytes=0-1,5-6', 'items=0-1']) {
      const response = await get('/sessions/sess-1/files/recording.webm', auditorToken, { range });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }

    const head = await fetch(api('/sessions/sess-1/files/recording.webm'), {
      method: 'HEAD',
      headers: { authorization: `Bearer ${auditorToken}`, range: 'bytes=0-9' },
    });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
  });

  it('lets a browser-style HTTP reader verify the package through the API', async () => {
    const publicKeys = await fetchSigningKeys(baseUrl);
    const reader = createHttpEvidenceReader({ baseUrl, sessionId: 'sess-1', token: auditorToken });
    const report = await verifyEvidence(reader, { publicKeys });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // Open sessions are checked too, up to their missing manifest: never VERIFIED.
    const open = await verifyEvidence(createHttpEvidenceReader({ baseUrl, sessionId: 'sess-3', token: auditorToken }), {
      publicKeys,
    });
    expect(open.problems.map((p) => [p.code, p.file])).toEqual([['PACKAGE_UNSEALED', 'manifest.json']]);
    expect(open.verdict).toBe('UNSEALED');
  });
});

describe('auditor API: access log', () => {
  it('records every request, granted or refused, in a chain that verifies', async () => {
    const before = (await accessEntries()).length;
    await (await get('/sessions/sess-2/events')).arrayBuffer();
    await (await get('/sessions/sess-2/events', null)).arrayBuffer();
    await (await get('/sessions/sess-2/files/recording.webm', auditorToken, { range: 'bytes=0-9' })).arrayBuffer();
    const entries = await accessEntries();
    expect(entries).toHaveLength(before + 3);
    expect(entries.slice(-3).map((e) => e.data)).toEqual([
      expect.objectContaining({ actor: 'aud-1', action: 'getEvents', sessionId: 'sess-2', status: 200, result: 'ok' }),
      expect.objectContaining({
        actor: null,
        action: 'getEvents',
        status: 401,
        result: 'denied',
        code: 'AUTH_MISSING_TOKEN',
      }),
      expect.objectContaining({
        actor: 'aud-1',
        action: 'getFile',
        file: 'recording.webm',
        range: 'bytes=0-9',
        status: 206,
      }),
    ]);
  });

  it('detects an edited access log line', async () => {
    const text = await readFile(join(root, 'access-log', 'access.jsonl'), 'utf8');
    const forged = text.replace('"actor":"aud-1"', '"actor":"someone-else"');
    const result = await verifyAccessLog(new TextEncoder().encode(forged));
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: 'LOG_LINE_EDITED', seq: 0 });
  });
});
