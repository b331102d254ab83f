import { execFile } from 'node:child_process';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_ACCESS_ENTRY_BYTES, type AccessEntry } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// The auditor API's access log under pressure: oversized ids from
// unauthenticated callers, growth past the rotation size, a restart in
// between, and scoped auditor tokens — with the chain verified by the CLI
// across every file.

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli', 'aircounter.ts');
const MAX_FILE_BYTES = 8192;

let server: TestServer;
let dataDir: string;

function accessDir(): string {
  return join(server.config.evidence.dir, 'access-log');
}

function verifyAccessLog(target: string): Promise<{ code: number; entries: number; problems: { code: string }[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, 'verify-access-log', target, '--json'],
      { env: { PATH: process.env['PATH'] ?? '' } },
      (error, out, err) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        try {
          resolve({ code, ...(JSON.parse(out) as { entries: number; problems: { code: string }[] }) });
        } catch {
          reject(new Error(`no JSON (exit ${code}): ${err}`));
        }
      },
    );
  });
}

async function lastEntry(): Promise<{ entry: AccessEntry; bytes: number }> {
  const text = await readFile(join(accessDir(), 'access.jsonl'), 'utf8');
  const line = text.trimEnd().split('\n').at(-1) ?? '';
  return { entry: JSON.parse(line) as AccessEntry, bytes: Buffer.byteLength(line) };
}

async function auditorToken(body: Record<string, unknown> = {}): Promise<string> {
  const response = await server.api('POST', '/api/v1/auditor-tokens', {
    auditorId: 'aud-scope',
    displayName: 'Auditor',
    ...body,
  });
  if (response.status !== 200) throw new Error(`auditor token refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

function evidenceGet(path: string, token?: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/v1/evidence${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

beforeAll(async () => {
  server = await startTestServer({ evidence: { accessLogMaxFileBytes: MAX_FILE_BYTES } });
  dataDir = server.config.dataDir;
});

afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('access log entries have a fixed maximum size', () => {
  it('an unauthenticated 8 KiB session id is INVALID_PARAMS and adds one small entry without the id', async () => {
    const long = 'x'.repeat(8 * 1024);
    for (const path of [`/sessions/${long}`, `/sessions/${long}/files`, `/sessions/ok/files/${long}`]) {
      const response = await evidenceGet(path);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_PARAMS');
      const { entry, bytes } = await lastEntry();
      expect(bytes).toBeLessThan(MAX_ACCESS_ENTRY_BYTES);
      expect(entry.data).toMatchObject({ actor: null, result: 'invalid', code: 'INVALID_PARAMS', file: null });
      expect(JSON.stringify(entry)).not.toContain('xxxxxxxx');
    }
  });

  it('an ill-shaped Range header is served as refused and logged as null', async () => {
    const token = await auditorToken();
    const sessionId = await server.createSession({ reference: 'range' });
    await server.api('POST', `/api/v1/sessions/${sessionId}/end`);
    const response = await fetch(`${server.baseUrl}/api/v1/evidence/sessions/${sessionId}/files/events.jsonl`, {
      headers: { authorization: `Bearer ${token}`, range: `bytes=${'9'.repeat(4000)}-` },
    });
    await response.arrayBuffer();
    const { entry, bytes } = await lastEntry();
    expect(bytes).toBeLessThan(MAX_ACCESS_ENTRY_BYTES);
    expect(entry.data.range).toBeNull();
  });
});

describe('access log growth: rotation by size, one chain across files and restarts', () => {
  it('rotates past AIR_ACCESS_LOG_MAX_FILE_BYTES and verify-access-log checks the whole chain', async () => {
    for (let i = 0; i < 60; i++) await (await evidenceGet(`/sessions/probe-${i}`)).arrayBuffer();
    const rotated = (await readdir(accessDir())).filter((name) => /^access\.\d{12}\.jsonl$/.test(name)).sort();
    expect(rotated.length).toBeGreaterThanOrEqual(3);
    for (const name of rotated) {
      const { size, mode } = await stat(join(accessDir(), name));
      expect(size).toBeLessThan(MAX_FILE_BYTES + MAX_ACCESS_ENTRY_BYTES);
      expect(mode & 0o222).toBe(0);
    }
    const whole = await verifyAccessLog(accessDir());
    expect(whole.problems).toEqual([]);
    expect(whole.code).toBe(0);
    expect(whole.entries).toBeGreaterThanOrEqual(60);
  });

  it('a restarted server continues the chain where the last file ended', async () => {
    const before = await verifyAccessLog(accessDir());
    await server.close();
    server = await startTestServer({ dataDir, evidence: { ...server.config.evidence } });
    await (await evidenceGet('/sessions/after-restart')).arrayBuffer();
    const after = await verifyAccessLog(accessDir());
    expect(after.problems).toEqual([]);
    expect(after.entries).toBe(before.entries + 1);
  });

  it('a rotated file removed from the middle breaks the chain (exit 1)', async () => {
    const rotated = (await readdir(accessDir())).filter((name) => /^access\.\d{12}\.jsonl$/.test(name)).sort();
    const copyDir = join(dataDir, 'access-copy');
    await execFileAsync('cp', ['-r', accessDir(), copyDir]);
    await rm(join(copyDir, rotated[1] ?? ''), { force: true });
    const broken = await verifyAccessLog(copyDir);
    expect(broken.code).toBe(1);
    expect(broken.problems.map((p) => p.code)).toContain('LOG_LINE_DELETED');
  });
});

describe('auditor token scope', () => {
  let inside: string;
  let outside: string;

  beforeAll(async () => {
    inside = await server.createSession({ reference: 'in-scope' });
    outside = await server.createSession({ reference: 'out-of-scope' });
    // The evidence log of a new session opens asynchronously: wait until both are listed.
    await waitFor(async () => {
      const { evidencePackages } = server.app.services.store;
      return (await evidencePackages.missing([inside, outside])).length === 0;
    });
  });

  it('a token scoped to sessions lists and reads only those, and the refusal is logged', async () => {
    const token = await auditorToken({ scope: { sessionIds: [inside] } });
    const list = (await (await evidenceGet('/sessions?limit=200', token)).json()) as {
      sessions: { sessionId: string }[];
    };
    expect(list.sessions.map((s) => s.sessionId)).toEqual([inside]);
    expect((await evidenceGet(`/sessions/${inside}/events`, token)).status).toBe(200);
    for (const path of ['', '/files', '/manifest', '/events', '/files/events.jsonl']) {
      const response = await evidenceGet(`/sessions/${outside}${path}`, token);
      expect([path, response.status]).toEqual([path, 403]);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN_SCOPE');
    }
    const { entry } = await lastEntry();
    expect(entry.data).toMatchObject({
      actor: 'aud-scope',
      scope: 'sessions:1',
      sessionId: outside,
      result: 'denied',
      code: 'FORBIDDEN_SCOPE',
    });
    // An unknown session is refused like one out of scope: the token learns nothing about it.
    const unknown = await evidenceGet('/sessions/never-existed', token);
    expect(unknown.status).toBe(403);
    await unknown.arrayBuffer();
  });

  it('a token scoped to a time range sees only sessions created within it', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const later = await auditorToken({ scope: { from: future } });
    const list = (await (await evidenceGet('/sessions', later)).json()) as { sessions: unknown[] };
    expect(list.sessions).toEqual([]);
    expect((await evidenceGet(`/sessions/${inside}`, later)).status).toBe(403);
    const now = await auditorToken({ scope: { from: new Date(Date.now() - 3_600_000).toISOString(), to: future } });
    expect((await evidenceGet(`/sessions/${inside}`, now)).status).toBe(200);
  });

  it.each([
    ['an empty scope', {}],
    ['from after to', { from: '2026-02-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }],
    ['not a time', { from: 'yesterday' }],
    ['an ill-shaped session id', { sessionIds: ['a/b'] }],
    ['too many sessions', { sessionIds: Array.from({ length: 101 }, (_, i) => `s-${i}`) }],
    ['an array', [] as unknown],
  ])('a scope with %s is refused (400)', async (_what, scope) => {
    const response = await server.api('POST', '/api/v1/auditor-tokens', {
      auditorId: 'aud-bad',
      displayName: 'Auditor',
      scope,
    });
    expect(response.status).toBe(400);
    await response.arrayBuffer();
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function execFileAsync(file: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, (error) => (error ? reject(error) : resolve()));
  });
}
