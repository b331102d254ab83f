import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankBackend } from '../../../examples/demo-bank/src/bank-backend.ts';
import { StaffSessions } from '../../../examples/demo-bank/src/staff/staff-sessions.ts';
import { createStaffDirectory, DEMO_DEFAULT_PASSWORD } from '../../../examples/demo-bank/src/staff/staff-users.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// The demo bank's back-end stand-in, attacked as its earlier open version
// was: every staff action needs a login with the right role, cross-site
// requests are refused, guessing is bounded, and the session list is pruned.

const LINK_TTL_SECONDS = 3600;
const MAX_LISTED = 5;
/** scrypt at its production cost, several times per test: generous on a loaded two-core machine. */
const SLOW_TEST_MS = 240_000;
const SUPERVISOR_PASSWORD = 'supervisor-password-from-config';

let air: TestServer;
let bankServer: Server;
let base: string;
let clock = Date.now();

beforeAll(async () => {
  air = await startTestServer();
  const bank = createBankBackend({
    airBaseUrl: air.baseUrl,
    apiKey: air.config.auth.apiKey.reveal(),
    publicBaseUrl: 'http://demo.test',
    linkTtlSeconds: LINK_TTL_SECONDS,
    pinnedEvidenceKeys: [],
    maxListedSessions: MAX_LISTED,
    staff: await createStaffDirectory({ DEMO_SUPERVISOR_PASSWORD: SUPERVISOR_PASSWORD }),
    staffSessions: new StaffSessions(undefined, () => clock),
    now: () => clock,
  });
  bankServer = createServer((req, res) => {
    void bank.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => bankServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(bankServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => bankServer.close(() => resolve()));
  await air.close();
});

async function call(
  method: string,
  path: string,
  options: { cookie?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; setCookie: string | null }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.json !== undefined || options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    setCookie: response.headers.get('set-cookie'),
  };
}

async function login(username: string, password = DEMO_DEFAULT_PASSWORD): Promise<string> {
  const result = await call('POST', '/bank/api/login', { json: { username, password } });
  expect(result.status).toBe(200);
  return result.setCookie?.split(';')[0] ?? '';
}

describe('demo bank back end: login before any staff action', { timeout: SLOW_TEST_MS }, () => {
  it.each([
    ['POST', '/bank/api/sessions'],
    ['GET', '/bank/api/sessions'],
    ['PUT', '/bank/api/sessions/s-1/id-photo'],
    ['POST', '/bank/api/sessions/s-1/end'],
    ['POST', '/bank/api/auditor-token'],
    ['GET', '/bank/api/me'],
  ])('%s %s without a login is 401', async (method, path) => {
    const result = await call(method, path, method === 'GET' ? {} : { json: {} });
    expect(result.status).toBe(401);
  });

  it('a login cookie is HttpOnly and SameSite=Strict; a forged or cleared cookie opens nothing', async () => {
    const result = await call('POST', '/bank/api/login', {
      json: { username: 'agent', password: DEMO_DEFAULT_PASSWORD },
    });
    expect(result.setCookie).toMatch(/HttpOnly/);
    expect(result.setCookie).toMatch(/SameSite=Strict/);
    const forged = `demo_staff_session=${'A'.repeat(43)}`;
    expect((await call('GET', '/bank/api/sessions', { cookie: forged })).status).toBe(401);
    const cookie = result.setCookie?.split(';')[0] ?? '';
    await call('POST', '/bank/api/logout', { cookie });
    expect((await call('GET', '/bank/api/sessions', { cookie })).status).toBe(401);
  });

  it('a password from config replaces the demo default', async () => {
    const wrong = await call('POST', '/bank/api/login', {
      json: { username: 'supervisor', password: DEMO_DEFAULT_PASSWORD },
    });
    expect(wrong.status).toBe(401);
    await login('supervisor', SUPERVISOR_PASSWORD);
  });

  it('roles: an agent manages sessions but gets no auditor token; compliance the reverse', async () => {
    const agent = await login('agent');
    const created = await call('POST', '/bank/api/sessions', { cookie: agent, json: { customerName: 'Ana' } });
    expect(created.status).toBe(201);
    const session = created.body as { sessionId: string; links: { customer: string } };
    // A signed link (no token in it): the page exchanges it for a fresh join token on each attempt.
    expect(session.links.customer).toMatch(/#session=.*&role=customer&.*&key=/);
    expect((await call('GET', '/bank/api/sessions', { cookie: agent })).status).toBe(200);
    expect((await call('POST', '/bank/api/auditor-token', { cookie: agent, json: {} })).status).toBe(403);

    const compliance = await login('compliance');
    const token = await call('POST', '/bank/api/auditor-token', { cookie: compliance, json: {} });
    expect(token.status).toBe(200);
    expect((await call('POST', '/bank/api/sessions', { cookie: compliance, json: {} })).status).toBe(403);
    expect((await call('GET', '/bank/api/sessions', { cookie: compliance })).status).toBe(403);
    expect(
      (await call('POST', `/bank/api/sessions/${session.sessionId}/end`, { cookie: compliance, json: {} })).status,
    ).toBe(403);
    expect(
      (
        await call('PUT', `/bank/api/sessions/${session.sessionId}/id-photo`, {
          cookie: compliance,
          body: 'x',
          headers: { 'content-type': 'image/jpeg' },
        })
      ).status,
    ).toBe(403);
  });

  it('cross-site requests are refused even with a valid cookie', async () => {
    const agent = await login('agent');
    const fromElsewhere = await call('POST', '/bank/api/sessions', {
      cookie: agent,
      json: {},
      headers: { origin: 'http://evil.example' },
    });
    expect(fromElsewhere.status).toBe(403);
    const crossSite = await call('POST', '/bank/api/sessions', {
      cookie: agent,
      json: {},
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('bodies must be JSON objects', async () => {
    const agent = await login('agent');
    expect((await call('POST', '/bank/api/sessions', { cookie: agent, body: '[]' })).status).toBe(400);
    expect((await call('POST', '/bank/api/login', { body: '"agent"' })).status).toBe(400);
  });

  it('password guessing is bounded per username', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await call('POST', '/bank/api/login', { json: { username: 'guessed', password: `p${i}` } })).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it(`the session list is bounded (${MAX_LISTED}) and drops sessions whose links expired or that ended`, async () => {
    const agent = await login('agent');
    for (let i = 0; i < MAX_LISTED + 3; i++) {
      expect((await call('POST', '/bank/api/sessions', { cookie: agent, json: {} })).status).toBe(201);
    }
    const listed = (await call('GET', '/bank/api/sessions', { cookie: agent })).body as {
      sessions: { sessionId: string }[];
    };
    expect(listed.sessions).toHaveLength(MAX_LISTED);
    const ended = listed.sessions[0]?.sessionId ?? '';
    expect((await call('POST', `/bank/api/sessions/${ended}/end`, { cookie: agent, json: {} })).status).toBe(204);
    const after = (await call('GET', '/bank/api/sessions', { cookie: agent })).body as {
      sessions: { sessionId: string }[];
    };
    expect(after.sessions.map((s) => s.sessionId)).not.toContain(ended);
    clock = Date.now() + (LINK_TTL_SECONDS + 1) * 1000;
    const later = await login('agent');
    expect(
      ((await call('GET', '/bank/api/sessions', { cookie: later })).body as { sessions: unknown[] }).sessions,
    ).toEqual([]);
  });
});
