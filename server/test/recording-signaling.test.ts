import { afterEach, describe, expect, it } from 'vitest';
import { joinAs, produceCamera, produceMicrophone, transport } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

// The recording methods over the real signaling server: who may call what,
// consent before recording, and every participant told the status.

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('recording over signaling', () => {
  it('gates the start on the customer’s consent, lets only the agent start and stop, and tells everyone', async () => {
    server = await startTestServer();
    const sessionId = await server.createSession();
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    expect(customer.joined.recording).toMatchObject({ state: 'idle', consentGiven: false });
    const sendTransport = await transport(customer.client, 'send');
    await produceCamera(customer.client, sendTransport);
    await produceMicrophone(customer.client, sendTransport);

    expect(await customer.client.refusal('startRecording', {})).toBe('FORBIDDEN_ROLE');
    expect(await agent.client.refusal('giveConsent', { consentTextVersion: 'v1', action: 'x', locale: 'en' })).toBe(
      'FORBIDDEN_ROLE',
    );
    expect(await agent.client.refusal('startRecording', {})).toBe('CONSENT_REQUIRED');
    expect(await agent.client.refusal('stopRecording', {})).toBe('RECORDING_NOT_ACTIVE');

    const consent = await customer.client.request('giveConsent', {
      consentTextVersion: 'kyc-2025-01',
      action: 'voice:yes',
      locale: 'zh-Hant',
    });
    expect(consent).toMatchObject({ state: 'idle', consentGiven: true });
    await agent.client.waitFor('recordingStatus', (status) => status.consentGiven);

    const started = await agent.client.request('startRecording', {});
    expect(started).toMatchObject({ state: 'active', consentGiven: true });
    expect(await agent.client.refusal('startRecording', {})).toBe('RECORDING_ALREADY_ACTIVE');
    await customer.client.waitFor('recordingStatus', (status) => status.state === 'active');
    // Someone joining now learns that recording is on from the join response.
    const supervisor = await joinAs(server, sessionId, 'supervisor', 'supervisor-1');
    expect(supervisor.joined.recording).toMatchObject({ state: 'active', recordingId: started.recordingId });

    const stopped = await agent.client.request('stopRecording', {});
    expect(stopped).toMatchObject({ state: 'complete', recordingId: started.recordingId });
    for (const peer of [customer, supervisor]) {
      await peer.client.waitFor('recordingStatus', (status) => status.state === 'complete');
    }

    const events = (await server.app.services.evidence.readEvents(sessionId)) ?? [];
    expect(events.find((entry) => entry.type === 'consent.given')?.data).toMatchObject({
      peerId: 'customer-1',
      consentTextVersion: 'kyc-2025-01',
      action: 'voice:yes',
      locale: 'zh-Hant',
      policy: 'explicit',
    });
    expect(events.filter((entry) => entry.type === 'recording.state').map((entry) => entry.data['state'])).toEqual([
      'starting',
      'active',
      'ending',
      'complete',
    ]);
    expect(events.filter((entry) => entry.type === 'recording.segment.started')).toHaveLength(2);
    expect(events.some((entry) => entry.type === 'recording.finalized')).toBe(true);
  });

  it('records under the external consent policy without giveConsent, logging consent.external', async () => {
    server = await startTestServer({ recording: { consentPolicy: 'external' } });
    const sessionId = await server.createSession();
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    // The customer sees from the start that consent is taken care of, and then that recording is on.
    expect(customer.joined.recording).toMatchObject({ state: 'idle', consentGiven: true });
    expect(await agent.client.request('startRecording', {})).toMatchObject({ state: 'active' });
    await customer.client.waitFor('recordingStatus', (status) => status.state === 'active');
    const events = (await server.app.services.evidence.readEvents(sessionId)) ?? [];
    expect(events.find((entry) => entry.type === 'consent.external')?.data).toMatchObject({
      policy: 'external',
      startedBy: 'agent-1',
    });
  });

  it('ends a running recording as aborted on shutdown, with its files handed over', async () => {
    server = await startTestServer({ recording: { consentPolicy: 'external' } });
    const sessionId = await server.createSession();
    const customer = await joinAs(server, sessionId, 'customer', 'customer-1');
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    await produceMicrophone(customer.client, await transport(customer.client, 'send'));
    const { recordingId } = await agent.client.request('startRecording', {});
    const evidence = server.app.services.evidence;
    await server.close();
    server = undefined;
    const events = (await evidence.readEvents(sessionId)) ?? [];
    const states = events.filter((entry) => entry.type === 'recording.state').map((entry) => entry.data['state']);
    expect(states).toEqual(['starting', 'active', 'ending', 'aborted']);
    const added = events.filter((entry) => entry.type === 'evidence.file.added').map((entry) => entry.data['name']);
    expect(added).toContain(`recording-${String(recordingId)}.timing.json`);
  });
});
