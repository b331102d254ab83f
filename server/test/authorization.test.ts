import {
  checkSignedDecision,
  createHttpEvidenceReader,
  fetchSigningKeys,
  verifyEvidence,
  type SignedAuthorizationDecision,
} from '@aircounter/evidence';
import type { AuthorizationView } from '@aircounter/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { LARGE_CASH_RULE } from '../../packages/protocol/src/test-fixtures/authorization.ts';
import { startPostgres } from '../../tests/support/postgres.ts';
import { Secret } from '../src/secret.ts';
import { addArtifact } from '../src/evidence/artifacts.ts';
import { joinAs } from './helpers/peers.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// Remote authorization over the real server: rules over REST, requests over
// signaling, the desk over REST with desk tokens, the store's SLA sweep, and
// the signed decisions in the sealed package.

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const RULES = {
  routing: 'least-loaded',
  rules: [
    {
      operationType: 'cash-withdrawal',
      currency: 'CNY',
      minAmount: 0,
      maxAmount: 5_000_000,
      level: 1,
      approvals: 1,
      slaSeconds: 300,
    },
    LARGE_CASH_RULE,
  ],
};

interface Desk {
  readonly token: string;
  call(method: string, path: string, body?: unknown): Promise<Response>;
  /** The error code of a refused call. */
  refusal(method: string, path: string, body?: unknown): Promise<string>;
  queue(): Promise<AuthorizationView[]>;
  decide(requestId: string, decision: 'approve' | 'decline', reasonCode?: string): Promise<Response>;
}

async function desk(s: TestServer, authorizerId: string, level: number): Promise<Desk> {
  const issued = await s.api('POST', '/api/v1/desk-tokens', {
    authorizerId,
    displayName: `Desk ${authorizerId}`,
    level,
  });
  expect(issued.status).toBe(200);
  const { token } = (await issued.json()) as { token: string };
  const call = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${s.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    token,
    call,
    async refusal(method, path, body) {
      const response = await call(method, path, body);
      expect(response.ok).toBe(false);
      return ((await response.json()) as { error: { code: string } }).error.code;
    },
    async queue() {
      const response = await call('GET', '/api/v1/desk/authorizations');
      expect(response.status).toBe(200);
      return ((await response.json()) as { authorizations: AuthorizationView[] }).authorizations;
    },
    decide(requestId, decision, reasonCode = 'DOCS_OK') {
      return call('POST', `/api/v1/desk/authorizations/${requestId}/decision`, {
        decision,
        reasonCode,
        comment: 'checked',
      });
    },
  };
}

async function withRules(): Promise<TestServer> {
  const s = await startTestServer({ authorization: { sweepIntervalMs: 100 } });
  const published = await s.api('PUT', '/api/v1/authorization-rules', RULES);
  expect(published.status).toBe(200);
  expect(await published.json()).toMatchObject({ version: 1, routing: 'least-loaded' });
  return s;
}

/** Moves a pending request's deadline into the past, as if its SLA had run out. */
async function runOutSla(s: TestServer, requestId: string): Promise<void> {
  await s.app.services.store.db.query(
    `UPDATE authorization_requests SET deadline_at = now() - interval '1 second' WHERE id = $1`,
    [requestId],
  );
}

describe('remote authorization', () => {
  it('refuses bad rules, and versions every published set', async () => {
    server = await withRules();
    const bad = await server.api('PUT', '/api/v1/authorization-rules', {
      rules: [{ ...RULES.rules[1], escalationLevel: 1 }],
    });
    expect(bad.status).toBe(400);
    const again = await server.api('PUT', '/api/v1/authorization-rules', { ...RULES, routing: 'random' });
    expect(await again.json()).toMatchObject({ version: 2, routing: 'random' });
    expect(await (await server.api('GET', '/api/v1/authorization-rules')).json()).toMatchObject({ version: 2 });
    // The API key is needed; a desk token does not open the bank's side.
    const supervisor = await desk(server, 'sup-1', 3);
    expect(await supervisor.refusal('GET', '/api/v1/authorization-rules')).toBe('AUTH_INVALID_TOKEN');
  });

  it('routes by level, keeps the requester out across tokens, counts k of n once each, and signs every vote', async () => {
    server = await withRules();
    const s = server;
    const sessionId = await s.createSession();
    const customer = await joinAs(s, sessionId, 'customer', 'cust-1');
    const agent = await joinAs(s, sessionId, 'agent', 'agent-1');
    const still = await addArtifact(s.app.services.evidence, sessionId, {
      kind: 'still',
      mediaType: 'image/jpeg',
      bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
    });
    const large = {
      operationType: 'cash-withdrawal',
      amount: 8_000_000,
      currency: 'CNY',
      reason: 'Large cash withdrawal',
      attachments: [still.sha256],
    };

    // Only the agent asks; only what the rules cover; only the session's own artifacts.
    expect(await customer.client.refusal('requestAuthorization', large)).toBe('FORBIDDEN_ROLE');
    expect(await customer.client.refusal('takeStill', { peerId: 'cust-1' })).toBe('FORBIDDEN_ROLE');
    expect(await agent.client.refusal('requestAuthorization', { ...large, currency: 'USD' })).toBe('AUTHZ_NO_RULE');
    expect(await agent.client.refusal('requestAuthorization', { ...large, attachments: ['0'.repeat(64)] })).toBe(
      'AUTHZ_ATTACHMENT_UNKNOWN',
    );
    const request = await agent.client.request('requestAuthorization', large);
    expect(request).toMatchObject({ status: 'pending', level: 2, approvals: 2, requestedBy: 'agent-1' });
    expect(request.attachments).toEqual([{ kind: 'still', sha256: still.sha256, mediaType: 'image/jpeg' }]);

    const supA = await desk(s, 'sup-a', 2);
    const supB = await desk(s, 'sup-b', 3);
    const low = await desk(s, 'junior', 1);
    // The requester holds a desk token too: same identity, same person.
    const agentAtDesk = await desk(s, 'agent-1', 3);
    expect((await supA.queue()).map((r) => r.requestId)).toEqual([request.requestId]);
    expect((await supB.queue()).map((r) => r.requestId)).toEqual([request.requestId]);
    expect(await low.queue()).toEqual([]);
    expect(await agentAtDesk.queue()).toEqual([]);

    expect(
      await agentAtDesk.refusal('POST', `/api/v1/desk/authorizations/${request.requestId}/decision`, {
        decision: 'approve',
        reasonCode: 'OWN',
      }),
    ).toBe('AUTHZ_FORBIDDEN');
    expect(
      await low.refusal('POST', `/api/v1/desk/authorizations/${request.requestId}/decision`, {
        decision: 'approve',
        reasonCode: 'LOW',
      }),
    ).toBe('AUTHZ_FORBIDDEN');
    expect(await low.refusal('GET', `/api/v1/desk/authorizations/${request.requestId}`)).toBe('AUTHZ_NOT_FOUND');
    // A desk token opens nothing else: no live session, no evidence API.
    expect((await TestSignalingClient.refused(s.wsUrl, supA.token)).code).toBe(4005);

    // The authorizer sees the attachment and joins the call as a supervisor; the customer is told.
    const opened = await supA.call(
      'GET',
      `/api/v1/desk/authorizations/${request.requestId}/attachments/${still.sha256}`,
    );
    expect(opened.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await opened.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    const join = (await (await supA.call('POST', `/api/v1/desk/authorizations/${request.requestId}/join`)).json()) as {
      token: string;
      sessionId: string;
    };
    expect(join.sessionId).toBe(sessionId);
    const watcher = await TestSignalingClient.open(s.wsUrl, join.token);
    const { rtpCapabilities } = await watcher.request('getRouterRtpCapabilities', {});
    await watcher.request('join', { rtpCapabilities });
    const told = await customer.client.waitFor('peerJoined', (data) => data.peer.peerId === 'sup-a');
    expect(told.peer.role).toBe('supervisor');
    // A supervisor in the call cannot decide through signaling either.
    expect(await watcher.refusal('requestAuthorization', large)).toBe('FORBIDDEN_ROLE');

    // k of n: the first approval leaves it pending, a replay is refused, the second approves.
    expect((await supA.decide(request.requestId, 'approve')).status).toBe(200);
    await agent.client.waitFor('authorizationUpdated', (view) => view.votes.length === 1 && view.status === 'pending');
    expect(
      await supA.refusal('POST', `/api/v1/desk/authorizations/${request.requestId}/decision`, {
        decision: 'approve',
        reasonCode: 'DOCS_OK',
      }),
    ).toBe('AUTHZ_ALREADY_DECIDED');
    const approved = (await (await supB.decide(request.requestId, 'approve')).json()) as AuthorizationView;
    expect(approved).toMatchObject({ status: 'approved' });
    expect(approved.votes.map((vote) => vote.authorizerId)).toEqual(['sup-a', 'sup-b']);
    await agent.client.waitFor('authorizationUpdated', (view) => view.status === 'approved');
    expect(
      await supB.refusal('POST', `/api/v1/desk/authorizations/${request.requestId}/decision`, {
        decision: 'decline',
        reasonCode: 'LATE',
      }),
    ).toBe('AUTHZ_NOT_PENDING');

    // Each vote is a decision signed with the evidence key, over the request, the attachments and the authorizer.
    const keys = s.app.services.evidence.keys.jwks().keys;
    for (const vote of approved.votes) {
      const bytes = await s.app.services.evidence.store.readAll(
        sessionId,
        `authorization-decision-${vote.decisionSha256}.json`,
      );
      const checked = await checkSignedDecision(bytes ?? new Uint8Array(), keys);
      expect(checked.ok).toBe(true);
      const signed = (checked as { signed: SignedAuthorizationDecision }).signed.decision;
      expect(signed).toMatchObject({
        sessionId,
        requestId: request.requestId,
        authorizer: { id: vote.authorizerId },
        decision: 'approve',
        attachments: [{ sha256: still.sha256 }],
        request: { amount: 8_000_000, requestedBy: 'agent-1' },
      });
    }

    // The bank's back end reads the outcome; the sealed package holds the signed decisions and verifies.
    const listed = (await (await s.api('GET', `/api/v1/sessions/${sessionId}/authorizations`)).json()) as {
      authorizations: AuthorizationView[];
    };
    expect(listed.authorizations.map((view) => view.status)).toEqual(['approved']);
    await watcher.close();
    await agent.client.close();
    await customer.client.close();
    expect((await s.api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    await expect.poll(() => s.app.services.evidence.store.isSealed(sessionId), { timeout: 10_000 }).toBe(true);
    const auditor = await s.api('POST', '/api/v1/auditor-tokens', { auditorId: 'aud-1', displayName: 'Auditor' });
    const { token } = (await auditor.json()) as { token: string };
    const report = await verifyEvidence(createHttpEvidenceReader({ baseUrl: s.baseUrl, sessionId, token }), {
      publicKeys: await fetchSigningKeys(s.baseUrl),
    });
    expect(report.problems).toEqual([]);
    expect(report.events.filter((e) => e.type.startsWith('authorization.')).map((e) => e.type)).toEqual([
      'authorization.requested',
      'authorization.decided',
      'authorization.decided',
      'authorization.closed',
    ]);
  });

  it('cancels only the requester’s pending request, escalates on SLA expiry from the store, then expires', async () => {
    server = await withRules();
    const s = server;
    const sessionId = await s.createSession();
    const agent = await joinAs(s, sessionId, 'agent', 'agent-1');
    const colleague = await joinAs(s, sessionId, 'agent', 'agent-2');
    const supA = await desk(s, 'sup-a', 2);
    const supB = await desk(s, 'sup-b', 3);
    const supC = await desk(s, 'sup-c', 3);
    await Promise.all([supA.queue(), supB.queue(), supC.queue()]);

    const small = { operationType: 'cash-withdrawal', amount: 100_000, currency: 'CNY', reason: 'Withdrawal' };
    const first = await agent.client.request('requestAuthorization', small);
    expect(await colleague.client.refusal('cancelAuthorization', { requestId: first.requestId })).toBe(
      'AUTHZ_FORBIDDEN',
    );
    expect(await agent.client.request('cancelAuthorization', { requestId: first.requestId })).toMatchObject({
      status: 'cancelled',
    });
    expect(await agent.client.refusal('cancelAuthorization', { requestId: first.requestId })).toBe('AUTHZ_NOT_PENDING');
    const afterCancel = await supA.decide(first.requestId, 'approve');
    expect(((await afterCancel.json()) as { error: { code: string } }).error.code).toBe('AUTHZ_NOT_PENDING');

    // The SLA runs out (the deadline is a row, so any node's sweep — or the next start's — acts on it).
    const large = await agent.client.request('requestAuthorization', { ...small, amount: 9_000_000 });
    await runOutSla(s, large.requestId);
    const escalated = await agent.client.waitFor(
      'authorizationUpdated',
      (view) => view.requestId === large.requestId && view.level === 3,
    );
    expect(escalated.status).toBe('pending');
    // Level 2 is too low now; both level-3 authorizers have it.
    expect(
      await supA.refusal('POST', `/api/v1/desk/authorizations/${large.requestId}/decision`, {
        decision: 'approve',
        reasonCode: 'OK',
      }),
    ).toBe('AUTHZ_FORBIDDEN');
    expect((await supB.queue()).map((view) => view.requestId)).toEqual([large.requestId]);
    expect((await supB.decide(large.requestId, 'approve')).status).toBe(200);

    // No level above 3: the next expiry closes it; a decision then is refused.
    await runOutSla(s, large.requestId);
    await agent.client.waitFor(
      'authorizationUpdated',
      (view) => view.requestId === large.requestId && view.status === 'expired',
    );
    const late = await supC.decide(large.requestId, 'approve');
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('AUTHZ_NOT_PENDING');

    const events = (await s.app.services.evidence.readEvents(sessionId)) ?? [];
    expect(
      events
        .filter((e) => e.type.startsWith('authorization.'))
        .map((e) => [e.type, e.data['status'] ?? e.data['toLevel'] ?? '']),
    ).toEqual([
      ['authorization.requested', ''],
      ['authorization.closed', 'cancelled'],
      ['authorization.requested', ''],
      ['authorization.escalated', 3],
      ['authorization.decided', ''],
      ['authorization.closed', 'expired'],
    ]);
  });

  it('gives the desk a join token naming the node that hosts the session when nodes share PostgreSQL', async () => {
    const postgres = await startPostgres();
    try {
      const databaseUrl = await postgres.createDatabase();
      server = await startTestServer({
        authorization: { sweepIntervalMs: 100 },
        store: { databaseUrl: new Secret(databaseUrl) },
        nodes: { enabled: true, id: 'node-a' },
      });
      const s = server;
      expect((await s.api('PUT', '/api/v1/authorization-rules', RULES)).status).toBe(200);
      const sessionId = await s.createSession();
      const agent = await joinAs(s, sessionId, 'agent', 'agent-1');
      const small = { operationType: 'cash-withdrawal', amount: 100, currency: 'CNY', reason: 'Withdrawal' };
      const request = await agent.client.request('requestAuthorization', small);
      const supA = await desk(s, 'sup-a', 1);
      expect((await supA.queue()).map((r) => r.requestId)).toEqual([request.requestId]);
      const join = (await (
        await supA.call('POST', `/api/v1/desk/authorizations/${request.requestId}/join`)
      ).json()) as {
        token: string;
        signalingUrl: string;
        nodeId: string;
      };
      const node = new URL(s.baseUrl);
      expect(join.nodeId).toBe('node-a');
      expect(join.signalingUrl).toBe(`ws://${node.host}/signaling`);
      // The token itself carries it, so the SDK connects there without being told.
      const claims = JSON.parse(Buffer.from(join.token.split('.')[1] ?? '', 'base64url').toString()) as {
        srv?: string;
      };
      expect(claims.srv).toBe(join.signalingUrl);
      const watcher = await TestSignalingClient.open(join.signalingUrl, join.token);
      const { rtpCapabilities } = await watcher.request('getRouterRtpCapabilities', {});
      expect((await watcher.request('join', { rtpCapabilities })).self.role).toBe('supervisor');
      await watcher.close();
    } finally {
      await server?.close();
      server = undefined;
      await postgres.remove();
    }
  });

  it('bounds the pending requests of one session', async () => {
    server = await withRules();
    const sessionId = await server.createSession();
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    const small = { operationType: 'cash-withdrawal', amount: 100, currency: 'CNY', reason: 'Withdrawal' };
    for (let index = 0; index < server.config.authorization.maxPendingPerSession; index += 1) {
      await agent.client.request('requestAuthorization', small);
    }
    expect(await agent.client.refusal('requestAuthorization', small)).toBe('AUTHZ_LIMIT_REACHED');
  });
});
