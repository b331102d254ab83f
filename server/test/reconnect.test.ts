import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAs, produceCamera, transport } from './helpers/peers.ts';
import { TestSignalingClient } from './helpers/signaling-client.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

const GRACE_MS = 1500;
const HEARTBEAT_MS = 300;

describe('reconnection grace and vanished peers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ signaling: { reconnectGraceMs: GRACE_MS, heartbeatIntervalMs: HEARTBEAT_MS } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('removes a peer whose socket closed once the grace period is over', async () => {
    const sessionId = await server.createSession();
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    const customer = await joinAs(server, sessionId, 'customer', 'cust-1');
    const cameraId = await produceCamera(customer.client, await transport(customer.client, 'send'));
    await agent.client.waitFor('producerAdded', (data) => data.producerId === cameraId);

    await customer.client.close();
    // Still in the room during the grace period: media keeps flowing if only signaling dropped.
    await sleep(200);
    expect(agent.client.count('peerLeft')).toBe(0);
    const peer = server.app.services.rooms.get(sessionId)?.peers.get('cust-1');
    expect(peer?.connected).toBe(false);
    expect(peer?.producers.size).toBe(1);

    expect(await agent.client.waitFor('peerLeft')).toEqual({ peerId: 'cust-1', reason: 'disconnected' });
    expect(server.app.services.rooms.get(sessionId)?.peers.has('cust-1')).toBe(false);
    await agent.client.waitFor('producerClosed', (data) => data.producerId === cameraId);
    await agent.client.close();
  });

  it('resumes a peer that reconnects within the grace period: same place, fresh media', async () => {
    const sessionId = await server.createSession();
    const agent = await joinAs(server, sessionId, 'agent', 'agent-2');
    const first = await joinAs(server, sessionId, 'customer', 'cust-2');
    const oldCamera = await produceCamera(first.client, await transport(first.client, 'send'));
    await agent.client.waitFor('producerAdded', (data) => data.producerId === oldCamera);
    await first.client.close();

    const again = await TestSignalingClient.open(server.wsUrl, first.token);
    const { rtpCapabilities } = await again.request('getRouterRtpCapabilities', {});
    const rejoined = await again.request('join', { rtpCapabilities });
    expect(rejoined.self.peerId).toBe('cust-2');
    expect(rejoined.peers.map((peer) => peer.peerId)).toEqual(['agent-2']);
    // The stale producer is closed; the client publishes anew.
    await agent.client.waitFor('producerClosed', (data) => data.producerId === oldCamera);
    const newCamera = await produceCamera(again, await transport(again, 'send'));
    await agent.client.waitFor('producerAdded', (data) => data.producerId === newCamera);

    await sleep(GRACE_MS + 300);
    expect(agent.client.count('peerLeft')).toBe(0);
    expect(agent.client.count('peerJoined')).toBe(1);
    expect(server.app.services.rooms.get(sessionId)?.peers.get('cust-2')?.connected).toBe(true);
    await again.close();
    await agent.client.close();
  });

  it('detects a vanished client by heartbeat and lets it go as disconnected', async () => {
    const sessionId = await server.createSession();
    const agent = await joinAs(server, sessionId, 'agent', 'agent-3');
    const token = await server.token(sessionId, 'customer', 'cust-3');
    const silent = await TestSignalingClient.open(server.wsUrl, token, { autoPong: false });
    const { rtpCapabilities } = await silent.request('getRouterRtpCapabilities', {});
    await silent.request('join', { rtpCapabilities });
    await agent.client.waitFor('peerJoined');
    // Terminated by the server (no close frame): the client sees an abnormal closure.
    expect((await silent.closed).code).toBe(1006);
    expect(await agent.client.waitFor('peerLeft')).toEqual({ peerId: 'cust-3', reason: 'disconnected' });
    await agent.client.close();
  });

  it('lets a reconnecting client in once its earlier socket missed its pings, and tells everyone', async () => {
    const sessionId = await server.createSession();
    const agent = await joinAs(server, sessionId, 'agent', 'agent-4');
    const token = await server.token(sessionId, 'customer', 'cust-4');
    const stale = await TestSignalingClient.open(server.wsUrl, token, { autoPong: false });
    const { rtpCapabilities } = await stale.request('getRouterRtpCapabilities', {});
    await stale.request('join', { rtpCapabilities });
    // The seat frees only when the heartbeat gives up on the silent socket (AIR_HEARTBEAT_MAX_MISSED).
    expect((await stale.closed).code).toBe(1006);

    const fresh = await TestSignalingClient.open(server.wsUrl, token);
    const rejoined = await fresh.request('join', { rtpCapabilities });
    expect(rejoined.self.peerId).toBe('cust-4');
    expect(await agent.client.waitFor('peerReconnected')).toEqual({ peerId: 'cust-4' });
    await sleep(GRACE_MS + 300);
    expect(agent.client.count('peerLeft')).toBe(0);
    expect(fresh.ws.readyState).toBe(fresh.ws.OPEN);
    await fresh.close();
    await agent.client.close();
  });
});
