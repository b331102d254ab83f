import { stat } from 'node:fs/promises';
import { createHttpEvidenceReader, fetchSigningKeys, verifyEvidence } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAs, produceCamera, transport } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// The evidence service as composed by createAirServer: a real server (real
// mediasoup worker), real signaling peers, the REST and auditor APIs.
describe('evidence in the composed server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('generates a signing key in the data directory (0600) and publishes its public half', async () => {
    const { evidence } = server.app.services;
    const info = await stat(server.config.evidence.signingKeyFile);
    expect(info.mode & 0o777).toBe(0o600);
    const keys = await fetchSigningKeys(server.baseUrl);
    expect(keys.map((k) => k.kid)).toEqual([evidence.keys.keyId]);
  });

  it('logs a session from creation to end, and an auditor verifies the sealed package over the API', async () => {
    const sessionId = await server.createSession({ agentId: 'agent-77', reference: 'loan-9' });
    const customer = await joinAs(server, sessionId, 'customer', 'cust-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    await produceCamera(customer.client, await transport(customer.client, 'send'));
    await customer.client.request('leave', {});
    const ended = await server.api('POST', `/api/v1/sessions/${sessionId}/end`);
    expect(ended.status).toBe(204);
    await agent.client.close();
    await customer.client.close();

    // Nobody finalizes by hand: ending the session seals its package (signed manifest, read-only).
    const { evidence } = server.app.services;
    await expect.poll(() => evidence.store.isSealed(sessionId), { timeout: 10_000 }).toBe(true);

    const issued = await server.api('POST', '/api/v1/auditor-tokens', { auditorId: 'aud-9', displayName: 'Auditor' });
    const { token } = (await issued.json()) as { token: string };
    const listed = await fetch(`${server.baseUrl}/api/v1/evidence/sessions?agentId=agent-77`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(listed.status).toBe(200);
    const { sessions } = (await listed.json()) as {
      sessions: { sessionId: string; status: string; reference: string }[];
    };
    // Sealed normally, but nobody recorded: the list says so rather than "complete".
    expect(sessions).toEqual([expect.objectContaining({ sessionId, status: 'not-recorded', reference: 'loan-9' })]);

    const report = await verifyEvidence(createHttpEvidenceReader({ baseUrl: server.baseUrl, sessionId, token }), {
      publicKeys: await fetchSigningKeys(server.baseUrl),
    });
    expect(report.problems).toEqual([]);
    const types = report.events.map((e) => e.type);
    expect(types[0]).toBe('session.opened');
    expect(types).toEqual(
      expect.arrayContaining(['peer.joined', 'producer.added', 'peer.left', 'session.ended', 'room.closed']),
    );
    expect(types.at(-1)).toBe('evidence.finalized');
    expect(report.events.filter((e) => e.type === 'peer.joined').map((e) => e.data['role'])).toEqual([
      'customer',
      'agent',
    ]);
  });
});
