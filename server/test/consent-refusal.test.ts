import { afterEach, describe, expect, it } from 'vitest';
import { joinAs, produceCamera, produceMicrophone, transport } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// Declining and withdrawing consent over the real signaling server: only the
// customer may, the recording stops with a typed reason, the chain has the
// event, and the session continues unrecorded or ends as the bank configured.

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const DECLINE = { consentTextVersion: 'kyc-2026-12', action: 'button:decline', locale: 'zh-Hans' } as const;
const WITHDRAW = { action: 'button:withdraw', locale: 'zh-Hans' } as const;

describe('declining and withdrawing consent', () => {
  it('continues unrecorded after a decline, and a withdrawal stops a running recording (continue-unrecorded)', async () => {
    server = await startTestServer();
    const sessionId = await server.createSession();
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    expect(customer.joined.recording).toMatchObject({ consent: 'pending', onDecline: 'continue-unrecorded' });
    const sendTransport = await transport(customer.client, 'send');
    await produceCamera(customer.client, sendTransport);
    await produceMicrophone(customer.client, sendTransport);

    expect(await agent.client.refusal('declineConsent', DECLINE)).toBe('FORBIDDEN_ROLE');
    expect(await agent.client.refusal('withdrawConsent', WITHDRAW)).toBe('FORBIDDEN_ROLE');
    expect(await customer.client.refusal('declineConsent', { ...DECLINE, reason: 'no' })).toBe('INVALID_PARAMS');

    const declined = await customer.client.request('declineConsent', DECLINE);
    expect(declined).toMatchObject({ state: 'idle', consentGiven: false, consent: 'declined' });
    // Pressing again changes nothing and logs nothing more.
    await customer.client.request('declineConsent', DECLINE);
    await agent.client.waitFor('recordingStatus', (status) => status.consent === 'declined');
    expect(await agent.client.refusal('startRecording', {})).toBe('CONSENT_REQUIRED');
    // The call goes on.
    expect(await customer.client.request('getRouterRtpCapabilities', {})).toHaveProperty('rtpCapabilities');

    await customer.client.request('giveConsent', { ...DECLINE, action: 'button:accept' });
    const started = await agent.client.request('startRecording', {});
    expect(started).toMatchObject({ state: 'active', consent: 'given' });

    const withdrawn = await customer.client.request('withdrawConsent', WITHDRAW);
    expect(withdrawn).toMatchObject({
      state: 'complete',
      recordingId: started.recordingId,
      consent: 'withdrawn',
      consentGiven: false,
      reason: 'consent-withdrawn',
    });
    await agent.client.waitFor('recordingStatus', (status) => status.state === 'complete');
    expect(await agent.client.refusal('startRecording', {})).toBe('CONSENT_REQUIRED');

    const events = (await server.app.services.evidence.readEvents(sessionId)) ?? [];
    const types = events.map((entry) => entry.type);
    expect(types.filter((type) => type === 'consent.declined')).toHaveLength(1);
    expect(events.find((entry) => entry.type === 'consent.declined')?.data).toEqual({
      peerId: 'customer-1',
      ...DECLINE,
      policy: 'explicit',
      onDecline: 'continue-unrecorded',
      recordingId: null,
    });
    const withdrawal = events.findIndex((entry) => entry.type === 'consent.withdrawn');
    expect(events[withdrawal]?.data).toMatchObject({ peerId: 'customer-1', recordingId: started.recordingId });
    const stops = events
      .map((entry, index) => ({ entry, index }))
      .filter(({ entry }) => entry.type === 'recording.state' && entry.data['reason'] === 'consent-withdrawn');
    expect(stops.map(({ entry }) => entry.data['state'])).toEqual(['ending', 'complete']);
    expect(stops[0]?.index).toBeGreaterThan(withdrawal);
    expect(stops[0]?.entry.data['stoppedBy']).toBe('customer-1');
    expect(types).toContain('recording.finalized');
  });

  it('ends the session for everyone after a decline when the bank says so (end)', async () => {
    server = await startTestServer({ recording: { consentDecline: 'end' } });
    const sessionId = await server.createSession();
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    expect(customer.joined.recording).toMatchObject({ onDecline: 'end' });

    // The customer gets the answer first, then everyone is told the session ended.
    expect(await customer.client.request('declineConsent', DECLINE)).toMatchObject({ consent: 'declined' });
    for (const peer of [customer, agent]) {
      expect(await peer.client.waitFor('sessionEnded')).toEqual({ reason: 'consent-declined', code: 'SESSION_ENDED' });
      expect((await peer.client.closed).code).toBe(4008);
    }
    const events = (await server.app.services.evidence.readEvents(sessionId)) ?? [];
    expect(events.map((entry) => entry.type)).toContain('consent.declined');
    expect((await server.api('GET', `/api/v1/sessions/${sessionId}`).then((r) => r.json())) as unknown).toMatchObject({
      status: 'ended',
    });
  });
});
