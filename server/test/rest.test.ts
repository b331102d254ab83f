import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAs } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

describe('REST API for the bank back end', () => {
  let server: TestServer;

  async function errorOf(response: Response): Promise<{ status: number; code: string }> {
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toBeTypeOf('string');
    return { status: response.status, code: body.error.code };
  }

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('requires the API key, compared exactly', async () => {
    const url = `${server.baseUrl}/api/v1/sessions`;
    const missing = await fetch(url, { method: 'POST' });
    expect(await errorOf(missing)).toEqual({ status: 401, code: 'AUTH_MISSING_TOKEN' });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const key = server.config.auth.apiKey.reveal();
    for (const wrong of [
      `${key}x`,
      key.slice(0, -1),
      'x',
      key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase(),
    ]) {
      const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${wrong}` } });
      expect(await errorOf(response)).toEqual({ status: 401, code: 'AUTH_INVALID_TOKEN' });
    }
    const basic = await fetch(url, { method: 'POST', headers: { authorization: `Basic ${key}` } });
    expect(await errorOf(basic)).toEqual({ status: 401, code: 'AUTH_MISSING_TOKEN' });
    // A join token is not an API key.
    const sessionId = await server.createSession();
    const joinToken = await server.token(sessionId, 'agent', 'a-1');
    const impostor = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${joinToken}` } });
    expect(await errorOf(impostor)).toEqual({ status: 401, code: 'AUTH_INVALID_TOKEN' });
  });

  it('creates, reads and ends a session', async () => {
    const created = await server.api('POST', '/api/v1/sessions', { reference: 'loan-2024-0042', agentId: 'agent-7' });
    expect(created.status).toBe(201);
    const { sessionId, createdAt } = (await created.json()) as { sessionId: string; createdAt: string };
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(createdAt)).not.toBeNaN();

    const read = await server.api('GET', `/api/v1/sessions/${sessionId}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({
      sessionId,
      status: 'created',
      reference: 'loan-2024-0042',
      agentId: 'agent-7',
      createdAt,
      activatedAt: null,
      endedAt: null,
      endReason: null,
      peers: [],
    });

    const agent = await joinAs(server, sessionId, 'agent', 'agent-7');
    const active = (await (await server.api('GET', `/api/v1/sessions/${sessionId}`)).json()) as Record<string, unknown>;
    expect(active).toMatchObject({
      status: 'active',
      peers: [{ peerId: 'agent-7', role: 'agent', displayName: 'agent agent-7', connected: true }],
    });
    expect(active['activatedAt']).toBeTypeOf('string');

    expect((await server.api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    expect((await agent.client.closed).code).toBe(4008);
    // Idempotent.
    expect((await server.api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    const ended = (await (await server.api('GET', `/api/v1/sessions/${sessionId}`)).json()) as Record<string, unknown>;
    expect(ended).toMatchObject({ status: 'ended', endReason: 'ended', peers: [] });
    expect(
      await errorOf(
        await server.api('POST', `/api/v1/sessions/${sessionId}/tokens`, {
          role: 'customer',
          peerId: 'c-1',
          displayName: 'Late',
        }),
      ),
    ).toEqual({ status: 410, code: 'SESSION_ENDED' });
  });

  it('accepts an empty body for a new session and refuses unknown fields', async () => {
    expect((await server.api('POST', '/api/v1/sessions')).status).toBe(201);
    expect(await errorOf(await server.api('POST', '/api/v1/sessions', { reference: 'x', priority: 'high' }))).toEqual({
      status: 400,
      code: 'INVALID_PARAMS',
    });
  });

  it('issues join tokens only for live roles and valid input', async () => {
    const sessionId = await server.createSession();
    const path = `/api/v1/sessions/${sessionId}/tokens`;
    const ok = await server.api('POST', path, {
      role: 'customer',
      peerId: 'cust-1',
      displayName: '陳大文',
      ttlSeconds: 120,
    });
    expect(ok.status).toBe(200);
    const { token, expiresAt } = (await ok.json()) as { token: string; expiresAt: string };
    const claims = await server.app.services.tokens.verifyJoinToken(token);
    expect(claims).toMatchObject({ sessionId, peerId: 'cust-1', role: 'customer', displayName: '陳大文' });
    expect(Date.parse(expiresAt)).toBe(claims.expiresAt);
    expect(claims.expiresAt - Date.now()).toBeLessThanOrEqual(120_000);

    const bad = [
      { role: 'auditor', peerId: 'x', displayName: 'x' },
      { role: 'admin', peerId: 'x', displayName: 'x' },
      { role: 'agent', peerId: 'has space', displayName: 'x' },
      { role: 'agent', peerId: 'a', displayName: 'x'.repeat(81) },
      { role: 'agent', peerId: 'a', displayName: 'x', ttlSeconds: 10 },
      { role: 'agent', peerId: 'a', displayName: 'x', ttlSeconds: 10 * 24 * 3600 },
      { role: 'agent', displayName: 'x' },
    ];
    for (const body of bad) {
      expect(await errorOf(await server.api('POST', path, body)), JSON.stringify(body)).toEqual({
        status: 400,
        code: 'INVALID_PARAMS',
      });
    }
    expect(
      await errorOf(
        await server.api('POST', '/api/v1/sessions/nope/tokens', { role: 'agent', peerId: 'a', displayName: 'x' }),
      ),
    ).toEqual({ status: 404, code: 'SESSION_NOT_FOUND' });
  });

  it('issues auditor tokens for the evidence API only', async () => {
    const response = await server.api('POST', '/api/v1/auditor-tokens', {
      auditorId: 'aud-1',
      displayName: 'Compliance',
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await server.app.services.tokens.verifyAuditorToken(token)).toMatchObject({
      auditorId: 'aud-1',
      role: 'auditor',
      displayName: 'Compliance',
    });
    await expect(server.app.services.tokens.verifyJoinToken(token)).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
  });

  it('refuses malformed, mistyped and oversized bodies', async () => {
    const url = `${server.baseUrl}/api/v1/sessions`;
    const authorization = `Bearer ${server.config.auth.apiKey.reveal()}`;
    const notJson = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: '{',
    });
    expect(await errorOf(notJson)).toEqual({ status: 400, code: 'MALFORMED_MESSAGE' });
    const wrongType = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(await errorOf(wrongType)).toEqual({ status: 400, code: 'MALFORMED_MESSAGE' });
    const huge = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ reference: 'x'.repeat(server.config.http.maxJsonBodyBytes) }),
    });
    expect(await errorOf(huge)).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const missing = await fetch(`${server.baseUrl}/api/v1/nothing`);
    expect(await errorOf(missing)).toEqual({ status: 404, code: 'NOT_FOUND' });
    const wrongMethod = await fetch(`${server.baseUrl}/api/v1/sessions`, { method: 'DELETE' });
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await errorOf(wrongMethod)).toEqual({ status: 405, code: 'UNKNOWN_METHOD' });
  });

  it('reports health and readiness without authentication', async () => {
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', workers: 1, expectedWorkers: 1 });
    expect(ready.headers.get('cache-control')).toBe('no-store');
  });

  it('lets other parts of the server add routes', async () => {
    server.app.services.http.add('GET', '/api/v1/extra/:name', ({ res, params }) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`hello ${params['name'] ?? ''}`);
    });
    expect(await (await fetch(`${server.baseUrl}/api/v1/extra/%E9%99%B3`)).text()).toBe('hello 陳');
    expect(() => server.app.services.http.add('GET', '/api/v1/extra/:other', () => undefined)).toThrow(
      /already registered/,
    );
  });
});
