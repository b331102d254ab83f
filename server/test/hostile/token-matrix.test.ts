import { randomUUID } from 'node:crypto';
import { ERRORS, type ErrorCode } from '@aircounter/protocol';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_AUDIENCE, SIGNALING_AUDIENCE } from '../../src/auth/tokens.ts';
import { joinAs } from '../helpers/peers.ts';
import { TestSignalingClient } from '../helpers/signaling-client.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// Every way a join token can be wrong, each refused with its own close code;
// a token that expires while its socket is open; and a second connection
// with a live participant's identity.

const SKEW_S = 30;
const HEARTBEAT_MS = 400;
const MAX_MISSED = 3;

interface Forgery {
  readonly secret?: string;
  readonly header?: Record<string, unknown>;
  readonly audience?: string;
  readonly sessionId?: string;
  readonly issuedAt?: number;
  readonly notBefore?: number;
  readonly expiresAt?: number;
  readonly claims?: Record<string, unknown>;
}

let server: TestServer;
let sessionId: string;
let otherSessionId: string;

const now = (): number => Math.floor(Date.now() / 1000);

async function forge(forgery: Forgery = {}, peerId = 'cust-1'): Promise<string> {
  const jwt = new SignJWT({ sid: forgery.sessionId ?? sessionId, role: 'customer', name: 'Ann', ...forgery.claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...forgery.header })
    .setIssuer(server.config.auth.tokenIssuer)
    .setAudience(forgery.audience ?? SIGNALING_AUDIENCE)
    .setSubject(peerId)
    .setJti(randomUUID())
    .setIssuedAt(forgery.issuedAt ?? now())
    .setExpirationTime(forgery.expiresAt ?? now() + 600);
  if (forgery.notBefore !== undefined) jwt.setNotBefore(forgery.notBefore);
  return jwt.sign(Buffer.from(forgery.secret ?? server.config.auth.tokenSecret.reveal()));
}

/** `alg: none`: a header and payload with an empty signature. */
async function unsigned(): Promise<string> {
  const [, payload] = (await forge()).split('.');
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  return `${header}.${payload}.`;
}

async function closeCodeOf(
  token: string,
  options: { sessionId?: string } = {},
): Promise<{ code: number; reason: string }> {
  return TestSignalingClient.refused(server.wsUrl, token, options);
}

beforeAll(async () => {
  server = await startTestServer({
    auth: { clockSkewSeconds: SKEW_S, expiryGraceSeconds: 0 },
    signaling: { heartbeatIntervalMs: HEARTBEAT_MS, heartbeatMaxMissed: MAX_MISSED, reconnectGraceMs: 10_000 },
  });
  sessionId = await server.createSession({ reference: 'tokens' });
  otherSessionId = await server.createSession({ reference: 'other' });
});

afterAll(async () => {
  await server?.close();
});

describe('token matrix', () => {
  const matrix: readonly [string, () => Promise<string>, ErrorCode, { sessionId?: string }?][] = [
    ['forged (another secret)', () => forge({ secret: 'x'.repeat(48) }), 'AUTH_INVALID_TOKEN'],
    ['alg none', unsigned, 'AUTH_INVALID_TOKEN'],
    ['HS512 instead of HS256', () => forge({ header: { alg: 'HS512' } }), 'AUTH_INVALID_TOKEN'],
    ['expired an hour ago', () => forge({ issuedAt: now() - 7200, expiresAt: now() - 3600 }), 'AUTH_EXPIRED_TOKEN'],
    ['wrong audience', () => forge({ audience: 'someone-else' }), 'AUTH_INVALID_TOKEN'],
    ['an auditor token', () => forge({ audience: EVIDENCE_AUDIENCE, claims: { role: 'auditor' } }), 'FORBIDDEN_ROLE'],
    [
      'for another session than the one named',
      () => forge({ sessionId: otherSessionId }),
      'AUTH_WRONG_SESSION',
      { sessionId: 'x' },
    ],
    ['for a session that does not exist', () => forge({ sessionId: 'no-such-session' }), 'SESSION_NOT_FOUND'],
    [
      'issued an hour in the future',
      () => forge({ issuedAt: now() + 3600, expiresAt: now() + 7200 }),
      'AUTH_NOT_YET_VALID',
    ],
    ['issued just beyond the clock skew', () => forge({ issuedAt: now() + SKEW_S + 5 }), 'AUTH_NOT_YET_VALID'],
    ['not valid before an hour from now', () => forge({ notBefore: now() + 3600 }), 'AUTH_NOT_YET_VALID'],
    ['a role the signaling does not know', () => forge({ claims: { role: 'admin' } }), 'AUTH_INVALID_TOKEN'],
  ];

  it.each(matrix.map(([name, make, code, options]) => ({ name, make, code, options })))(
    '$name → $code',
    async ({ make, code, options }) => {
      const closed = await closeCodeOf(await make(), options ?? {});
      expect(closed).toEqual({ code: ERRORS[code].closeCode, reason: code });
    },
  );

  it('accepts a token issued within the allowed clock skew', async () => {
    const client = await TestSignalingClient.open(
      server.wsUrl,
      await forge({ issuedAt: now() + SKEW_S - 10 }, 'skewed'),
    );
    expect((await client.request('getRouterRtpCapabilities', {})).rtpCapabilities).toBeDefined();
    await client.close();
  });
});

describe('a token that expires while its socket is open', () => {
  it('closes the socket with REAUTH_REQUIRED, holds the seat, and a fresh token resumes it in everyone’s sight', async () => {
    const agent = await joinAs(server, sessionId, 'agent', 'agent-exp');
    const shortLived = await forge({ issuedAt: now() - 60, expiresAt: now() + 2 }, 'cust-exp');
    const customer = await TestSignalingClient.open(server.wsUrl, shortLived);
    const { rtpCapabilities } = await customer.request('getRouterRtpCapabilities', {});
    await customer.request('join', { rtpCapabilities });
    await agent.client.waitFor('peerJoined', (d) => d.peer.peerId === 'cust-exp');

    expect(await customer.closed).toEqual({ code: ERRORS.REAUTH_REQUIRED.closeCode, reason: 'REAUTH_REQUIRED' });
    expect(ERRORS.REAUTH_REQUIRED.recoverable).toBe(true);
    // The seat is held for the reconnect grace, not given up.
    expect(server.app.services.rooms.get(sessionId)?.peers.has('cust-exp')).toBe(true);
    expect(agent.client.count('peerLeft')).toBe(0);

    const renewed = await TestSignalingClient.open(server.wsUrl, await server.token(sessionId, 'customer', 'cust-exp'));
    await renewed.request('join', { rtpCapabilities });
    expect(await agent.client.waitFor('peerReconnected')).toEqual({ peerId: 'cust-exp' });
    const reconnection = async () =>
      ((await server.app.services.evidence.readEvents(sessionId)) ?? []).find((e) => e.type === 'peer.reconnected');
    await expect.poll(reconnection).toBeDefined();
    expect((await reconnection())?.data).toMatchObject({
      peerId: 'cust-exp',
      role: 'customer',
    });
    await renewed.close();
    await agent.client.close();
  });
});

describe('a second connection with a live participant’s identity', () => {
  it('is refused with DUPLICATE_PEER while the seated socket is only late; the seat frees after the missed pings', async () => {
    const id = await server.createSession({ reference: 'seat' });
    const token = await server.token(id, 'customer', 'cust-seat');
    // Answers no pings: from the server's side, a participant whose heartbeat is late.
    const seated = await TestSignalingClient.open(server.wsUrl, token, { autoPong: false });
    const { rtpCapabilities } = await seated.request('getRouterRtpCapabilities', {});
    await seated.request('join', { rtpCapabilities });

    const intruder = await TestSignalingClient.refused(server.wsUrl, token);
    expect(intruder).toEqual({ code: ERRORS.DUPLICATE_PEER.closeCode, reason: 'DUPLICATE_PEER' });
    // Refusing the newcomer did not cost the seated one its socket.
    expect(seated.ws.readyState).toBe(seated.ws.OPEN);

    // Only after AIR_HEARTBEAT_MAX_MISSED unanswered pings does the server let it go …
    expect((await seated.closed).code).toBe(1006);
    // … and then the same identity may take the seat again.
    const back = await TestSignalingClient.open(server.wsUrl, token);
    expect((await back.request('join', { rtpCapabilities })).self.peerId).toBe('cust-seat');
    await back.close();
  });
});
