import { randomUUID } from 'node:crypto';
import { ERRORS, SUBPROTOCOL, type ErrorCode } from '@aircounter/protocol';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_AUDIENCE, SIGNALING_AUDIENCE } from '../src/auth/tokens.ts';
import { joinAs } from './helpers/peers.ts';
import { RequestFailed, TestSignalingClient } from './helpers/signaling-client.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

interface Forgery {
  secret?: string;
  alg?: 'HS256' | 'HS512';
  issuer?: string;
  audience?: string;
  claims?: Record<string, unknown>;
  issuedAt?: number;
  expiresAt?: number;
}

describe('signaling authentication: every refusal has its close code', () => {
  let server: TestServer;
  let sessionId: string;

  /** Signs a token like the server does, with one thing changed. */
  async function forge(forgery: Forgery = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const secret = forgery.secret ?? server.config.auth.tokenSecret.reveal();
    return new SignJWT({ sid: sessionId, role: 'customer', name: 'Ann', ...forgery.claims })
      .setProtectedHeader({ alg: forgery.alg ?? 'HS256', typ: 'JWT' })
      .setIssuer(forgery.issuer ?? server.config.auth.tokenIssuer)
      .setAudience(forgery.audience ?? SIGNALING_AUDIENCE)
      .setSubject('cust-1')
      .setJti(randomUUID())
      .setIssuedAt(forgery.issuedAt ?? now)
      .setExpirationTime(forgery.expiresAt ?? now + 600)
      .sign(Buffer.from(secret));
  }

  async function expectRefusal(token: string | undefined, code: ErrorCode, options = {}): Promise<void> {
    const closed = await TestSignalingClient.refused(server.wsUrl, token, options);
    expect(closed).toEqual({ code: ERRORS[code].closeCode, reason: code });
  }

  beforeAll(async () => {
    server = await startTestServer();
    sessionId = await server.createSession();
  });
  afterAll(async () => {
    await server.close();
  });

  it('accepts a valid join token and answers the aircounter.v1 subprotocol only', async () => {
    const client = await TestSignalingClient.open(server.wsUrl, await forge(), { sessionId });
    expect(client.ws.protocol).toBe(SUBPROTOCOL);
    expect((await client.request('getRouterRtpCapabilities', {})).rtpCapabilities.codecs?.length).toBeGreaterThan(0);
    await client.close();
  });

  it('refuses a missing token with AUTH_MISSING_TOKEN', async () => {
    await expectRefusal(undefined, 'AUTH_MISSING_TOKEN');
  });

  it('refuses a malformed token with AUTH_INVALID_TOKEN', async () => {
    await expectRefusal('not-a-jwt', 'AUTH_INVALID_TOKEN');
    await expectRefusal('eyJhbGciOiJIUzI1NiJ9.e30.', 'AUTH_INVALID_TOKEN');
  });

  it('refuses a token signed with another key', async () => {
    await expectRefusal(await forge({ secret: 'another-secret-of-at-least-32-bytes!!' }), 'AUTH_INVALID_TOKEN');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      sid: sessionId,
      role: 'agent',
      name: 'Mallory',
      sub: 'agent-x',
      iss: server.config.auth.tokenIssuer,
      aud: SIGNALING_AUDIENCE,
      iat: now,
      exp: now + 600,
      jti: 'x',
    };
    await expectRefusal(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`, 'AUTH_INVALID_TOKEN');
  });

  it('refuses another algorithm even with the right key (HS512)', async () => {
    await expectRefusal(await forge({ alg: 'HS512' }), 'AUTH_INVALID_TOKEN');
  });

  it('refuses another issuer or audience', async () => {
    await expectRefusal(await forge({ issuer: 'someone-else' }), 'AUTH_INVALID_TOKEN');
    await expectRefusal(await forge({ audience: 'aircounter-other' }), 'AUTH_INVALID_TOKEN');
  });

  it('refuses an expired token with AUTH_EXPIRED_TOKEN', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefusal(await forge({ issuedAt: now - 3600, expiresAt: now - 60 }), 'AUTH_EXPIRED_TOKEN');
  });

  it('refuses claims of the wrong shape', async () => {
    await expectRefusal(await forge({ claims: { role: 'admin' } }), 'AUTH_INVALID_TOKEN');
    await expectRefusal(await forge({ claims: { sid: 'has spaces' } }), 'AUTH_INVALID_TOKEN');
  });

  it('refuses a token for another session than the one named', async () => {
    const other = await server.createSession();
    await expectRefusal(await forge(), 'AUTH_WRONG_SESSION', { sessionId: other });
  });

  it('refuses a token for a session that does not exist or has ended', async () => {
    await expectRefusal(await forge({ claims: { sid: randomUUID() } }), 'SESSION_NOT_FOUND');
    const ended = await server.createSession();
    const token = await server.token(ended, 'agent', 'agent-1');
    await server.api('POST', `/api/v1/sessions/${ended}/end`);
    await expectRefusal(token, 'SESSION_ENDED');
  });

  it('refuses an auditor token with FORBIDDEN_ROLE', async () => {
    const response = await server.api('POST', '/api/v1/auditor-tokens', { auditorId: 'aud-1', displayName: 'Audit' });
    const { token } = (await response.json()) as { token: string };
    await expectRefusal(token, 'FORBIDDEN_ROLE');
    // Also when someone relabels a join token's role: the audience still says evidence.
    await expectRefusal(await forge({ audience: EVIDENCE_AUDIENCE, claims: { role: 'auditor' } }), 'FORBIDDEN_ROLE');
  });

  it('refuses a replayed join token with AUTH_TOKEN_REPLAYED, while a fresh one opens', async () => {
    const token = await server.token(sessionId, 'customer', 'cust-replay');
    const first = await TestSignalingClient.open(server.wsUrl, token);
    // Replayed while the first connection is open, and again after it closed: the token opened one connection.
    await expectRefusal(token, 'AUTH_TOKEN_REPLAYED');
    await first.close();
    await expectRefusal(token, 'AUTH_TOKEN_REPLAYED');
    const forged = await forge();
    await (await TestSignalingClient.open(server.wsUrl, forged)).close();
    await expectRefusal(forged, 'AUTH_TOKEN_REPLAYED');
    const fresh = await TestSignalingClient.open(
      server.wsUrl,
      await server.token(sessionId, 'customer', 'cust-replay'),
    );
    expect((await fresh.request('getRouterRtpCapabilities', {})).rtpCapabilities.codecs?.length).toBeGreaterThan(0);
    await fresh.close();
  });

  it('refuses a second connection of the same peer while the first is alive, and keeps the first', async () => {
    const token = await server.token(sessionId, 'agent', 'agent-dup');
    const first = await TestSignalingClient.open(server.wsUrl, token);
    const { rtpCapabilities } = await first.request('getRouterRtpCapabilities', {});
    await first.request('join', { rtpCapabilities });
    // A fresh token for the same identity is the same peer: refused.
    await expectRefusal(await server.token(sessionId, 'agent', 'agent-dup'), 'DUPLICATE_PEER');
    expect((await first.request('createTransport', { direction: 'recv' })).transportId).toBeTruthy();
    expect(first.ws.readyState).toBe(first.ws.OPEN);
    await first.close();
  });
});

describe('signaling messages: typed errors, and the connection survives them', () => {
  let server: TestServer;
  let sessionId: string;

  beforeAll(async () => {
    server = await startTestServer();
    sessionId = await server.createSession();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers bad messages with typed errors and keeps serving', async () => {
    const { client } = await joinAs(server, sessionId, 'customer', 'cust-1');

    client.sendRaw('{ not json');
    expect((await client.nextOrphanError()).code).toBe('MALFORMED_MESSAGE');
    client.sendRaw(Buffer.from([1, 2, 3]));
    expect((await client.nextOrphanError()).code).toBe('MALFORMED_MESSAGE');
    // A readable id is echoed so the client can match the error.
    expect(await client.rawRefusal(900, '{"kind":"request","id":900,"method":"join","data":{},"x":1}')).toBe(
      'MALFORMED_MESSAGE',
    );
    expect(await client.refusal('dropDatabase', {})).toBe('UNKNOWN_METHOD');
    expect(await client.refusal('__proto__', {})).toBe('UNKNOWN_METHOD');
    expect(await client.refusal('createTransport', { direction: 'sideways' })).toBe('INVALID_PARAMS');
    expect(await client.refusal('join', { rtpCapabilities: {} })).toBe('ALREADY_JOINED');
    // Larger than join's 64 KiB (checked before the schema), smaller than a frame.
    expect(await client.refusal('join', { rtpCapabilities: {}, padding: 'x'.repeat(70_000) })).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    // Least privilege: a customer cannot start a recording.
    expect(await client.refusal('startRecording', {})).toBe('FORBIDDEN_ROLE');
    expect(await client.refusal('stopRecording', {})).toBe('FORBIDDEN_ROLE');

    // Still serving.
    expect((await client.request('createTransport', { direction: 'send' })).transportId).toBeTruthy();
    await client.close();
  });

  it('requires join before media methods', async () => {
    const token = await server.token(sessionId, 'agent', 'agent-early');
    const client = await TestSignalingClient.open(server.wsUrl, token);
    expect(await client.refusal('createTransport', { direction: 'send' })).toBe('NOT_JOINED');
    expect(await client.refusal('leave', {})).toBe('NOT_JOINED');
    await client.close();
  });

  it('closes a socket that sends a frame above the protocol limit, and serves other peers after', async () => {
    const other = await joinAs(server, sessionId, 'agent', 'agent-ok');
    const token = await server.token(sessionId, 'customer', 'cust-big');
    const client = await TestSignalingClient.open(server.wsUrl, token);
    client.sendRaw('x'.repeat(2 * 1024 * 1024 + 1));
    // 1009: "message too big" (RFC 6455), enforced by the WebSocket layer before any parsing.
    expect((await client.closed).code).toBe(1009);
    expect((await other.client.request('createTransport', { direction: 'recv' })).transportId).toBeTruthy();
    await other.client.close();
  });
});

describe('signaling flood and abuse', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      signaling: { rateLimitPerSecond: 1, rateLimitBurst: 5, maxBadMessages: 5 },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers RATE_LIMITED beyond the burst, then closes the connection after repeated abuse', async () => {
    const sessionId = await server.createSession();
    const token = await server.token(sessionId, 'customer', 'cust-flood');
    const client = await TestSignalingClient.open(server.wsUrl, token);
    // The burst (5) is served...
    for (const result of await Promise.all(
      Array.from({ length: 5 }, () => client.request('getRouterRtpCapabilities', {})),
    )) {
      expect(result.rtpCapabilities.codecs?.length).toBeGreaterThan(0);
    }
    // ...then, with the bucket empty (refill is 1/s), everything is refused until the strikes add up.
    const results = await Promise.allSettled(
      Array.from({ length: 7 }, () => client.request('getRouterRtpCapabilities', {})),
    );
    const codes = results.map((result) => {
      if (result.status === 'fulfilled') return 'ok';
      return result.reason instanceof RequestFailed ? result.reason.code : 'no answer';
    });
    // Six refusals exceed maxBadMessages (5): the sixth answer is the last, then the socket closes.
    expect(codes).toEqual([...Array(6).fill('RATE_LIMITED'), 'no answer']);
    expect(await client.closed).toEqual({ code: ERRORS.RATE_LIMITED.closeCode, reason: 'RATE_LIMITED' });

    // Others are unaffected.
    const other = await TestSignalingClient.open(server.wsUrl, await server.token(sessionId, 'agent', 'agent-calm'));
    expect((await other.request('getRouterRtpCapabilities', {})).rtpCapabilities).toBeTruthy();
    await other.close();
  });

  it('closes after too many malformed messages', async () => {
    const sessionId = await server.createSession();
    const token = await server.token(sessionId, 'customer', 'cust-junk');
    const client = await TestSignalingClient.open(server.wsUrl, token);
    for (let i = 0; i < 6; i++) client.sendRaw('junk');
    expect(await client.closed).toEqual({ code: ERRORS.RATE_LIMITED.closeCode, reason: 'RATE_LIMITED' });
    expect(client.orphanErrors.map((error) => error.code)).toEqual(Array(6).fill('MALFORMED_MESSAGE'));
  });
});
