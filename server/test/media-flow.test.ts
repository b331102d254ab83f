import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room, RoomEvents } from '../src/media/room.ts';
import { joinAs, produceCamera, produceMicrophone, transport, VP8_SIMULCAST_RTP_PARAMETERS } from './helpers/peers.ts';
import { startTestServer, type TestServer } from './helpers/test-server.ts';

type RecordedEvent = { [K in keyof RoomEvents]: { name: K; data: RoomEvents[K][0] } }[keyof RoomEvents];

/** Records what a subscriber (the recording service) would see of a room. */
function recordRoomEvents(server: TestServer): { events: RecordedEvent[]; rooms: Room[] } {
  const events: RecordedEvent[] = [];
  const rooms: Room[] = [];
  server.app.services.rooms.on('roomCreated', (room) => {
    rooms.push(room);
    room.on('peerJoined', (data) => events.push({ name: 'peerJoined', data }));
    room.on('peerLeft', (data) => events.push({ name: 'peerLeft', data }));
    room.on('producerAdded', (data) => events.push({ name: 'producerAdded', data }));
    room.on('producerClosed', (data) => events.push({ name: 'producerClosed', data }));
    room.on('closed', (data) => events.push({ name: 'closed', data }));
  });
  return { events, rooms };
}

describe('media flow between two peers (real mediasoup worker, no browser)', () => {
  let server: TestServer;
  let recorded: ReturnType<typeof recordRoomEvents>;

  beforeAll(async () => {
    server = await startTestServer();
    recorded = recordRoomEvents(server);
  });
  afterAll(async () => {
    await server.close();
  });

  it('joins, produces simulcast camera and microphone, consumes paused, resumes, and closes', async () => {
    const sessionId = await server.createSession({ reference: 'case-42', agentId: 'agent-1' });
    const agent = await joinAs(server, sessionId, 'agent', 'agent-1');
    expect(agent.joined).toMatchObject({
      sessionId,
      self: { peerId: 'agent-1', role: 'agent', displayName: 'agent agent-1' },
      peers: [],
      recording: { state: 'idle', consentGiven: false },
    });

    const customer = await joinAs(server, sessionId, 'customer', 'cust-1');
    expect(customer.joined.peers.map((peer) => peer.peerId)).toEqual(['agent-1']);
    const joinedNotice = await agent.client.waitFor('peerJoined');
    expect(joinedNotice.peer).toEqual({
      peerId: 'cust-1',
      role: 'customer',
      displayName: 'customer cust-1',
      producers: [],
    });

    // The customer publishes camera (three simulcast layers) and microphone.
    const sendId = await transport(customer.client, 'send');
    const cameraId = await produceCamera(customer.client, sendId);
    const micId = await produceMicrophone(customer.client, sendId);
    const cameraAdded = await agent.client.waitFor('producerAdded', (data) => data.producerId === cameraId);
    expect(cameraAdded).toEqual({
      peerId: 'cust-1',
      producerId: cameraId,
      kind: 'video',
      source: 'camera',
      paused: false,
    });
    await agent.client.waitFor('producerAdded', (data) => data.producerId === micId && data.kind === 'audio');

    // Subscribers see the mediasoup Producer itself, with the server's own appData.
    const added = recorded.events.filter((event) => event.name === 'producerAdded');
    const cameraEvent = added.find((event) => event.data.producer.id === cameraId);
    expect(cameraEvent?.data).toMatchObject({ peerId: 'cust-1', role: 'customer', source: 'camera' });
    const producer: types.Producer | undefined = cameraEvent?.data.producer;
    expect(producer?.kind).toBe('video');
    expect(producer?.type).toBe('simulcast');
    expect(producer?.appData).toEqual({ peerId: 'cust-1', role: 'customer', source: 'camera' });

    // The agent consumes the camera: paused until resumeConsumer.
    const recvId = await transport(agent.client, 'recv');
    const consumed = await agent.client.request('consume', { transportId: recvId, producerId: cameraId });
    expect(consumed).toMatchObject({
      producerId: cameraId,
      peerId: 'cust-1',
      kind: 'video',
      source: 'camera',
      paused: true,
      producerPaused: false,
    });
    expect(consumed.rtpParameters.codecs[0]?.mimeType).toBe('video/VP8');
    expect(consumed.rtpParameters.encodings).toHaveLength(1);

    const room = server.app.services.rooms.get(sessionId);
    const serverConsumer = room?.peers.get('agent-1')?.consumers.get(consumed.consumerId)?.consumer;
    expect(serverConsumer?.paused).toBe(true);
    expect(serverConsumer?.type).toBe('simulcast');
    await agent.client.request('resumeConsumer', { consumerId: consumed.consumerId });
    expect(serverConsumer?.paused).toBe(false);
    await agent.client.request('setConsumerPreferredLayers', {
      consumerId: consumed.consumerId,
      spatialLayer: 1,
      temporalLayer: 2,
    });
    expect(serverConsumer?.preferredLayers).toEqual({ spatialLayer: 1, temporalLayer: 2 });

    // Pausing the producer reaches the consumer's owner and everyone else.
    await customer.client.request('pauseProducer', { producerId: cameraId });
    await agent.client.waitFor('producerPaused', (data) => data.producerId === cameraId);
    await agent.client.waitFor('consumerPaused', (data) => data.consumerId === consumed.consumerId);
    await customer.client.request('resumeProducer', { producerId: cameraId });
    await agent.client.waitFor('consumerResumed', (data) => data.consumerId === consumed.consumerId);

    // Closing the producer closes the consumer.
    await customer.client.request('closeProducer', { producerId: cameraId });
    await agent.client.waitFor('consumerClosed', (data) => data.consumerId === consumed.consumerId);
    await agent.client.waitFor('producerClosed', (data) => data.producerId === cameraId);
    expect(serverConsumer?.closed).toBe(true);
    expect(room?.peers.get('agent-1')?.consumers.size).toBe(0);
    expect(recorded.events).toContainEqual({
      name: 'producerClosed',
      data: { peerId: 'cust-1', producerId: cameraId },
    });
    expect(await agent.client.refusal('resumeConsumer', { consumerId: consumed.consumerId })).toBe(
      'CONSUMER_NOT_FOUND',
    );

    // A late joiner learns about existing producers from the join response.
    const supervisor = await joinAs(server, sessionId, 'supervisor', 'sup-1');
    const customerInfo = supervisor.joined.peers.find((peer) => peer.peerId === 'cust-1');
    expect(customerInfo?.producers).toEqual([
      { producerId: micId, kind: 'audio', source: 'microphone', paused: false },
    ]);

    // leave: others see peerLeft 'left', subscribers see it too.
    await customer.client.request('leave', {});
    await agent.client.waitFor('peerLeft', (data) => data.peerId === 'cust-1' && data.reason === 'left');
    await agent.client.waitFor('producerClosed', (data) => data.producerId === micId);
    expect(recorded.events).toContainEqual({ name: 'peerLeft', data: { peerId: 'cust-1', reason: 'left' } });
    expect(await customer.client.refusal('createTransport', { direction: 'send' })).toBe('NOT_JOINED');

    // Ending the session over REST ends the room: sessionEnded, then close with SESSION_ENDED's code.
    expect((await server.api('POST', `/api/v1/sessions/${sessionId}/end`)).status).toBe(204);
    expect(await agent.client.waitFor('sessionEnded')).toEqual({ reason: 'ended', code: 'SESSION_ENDED' });
    expect(await agent.client.closed).toEqual({ code: 4008, reason: 'SESSION_ENDED' });
    expect(await supervisor.client.closed).toEqual({ code: 4008, reason: 'SESSION_ENDED' });
    // The customer had left the room but was still connected: told as well.
    expect(await customer.client.closed).toEqual({ code: 4008, reason: 'SESSION_ENDED' });
    expect(room?.closed).toBe(true);
    expect(room?.router.closed).toBe(true);
    expect(recorded.events.at(-1)).toEqual({ name: 'closed', data: { reason: 'ended', code: 'SESSION_ENDED' } });
    expect(recorded.events.filter((event) => event.name === 'peerJoined').map((event) => event.data.peerId)).toEqual([
      'agent-1',
      'cust-1',
      'sup-1',
    ]);
  });

  it('enforces sources by role, kinds by source and one producer per source', async () => {
    const sessionId = await server.createSession();
    const customer = await joinAs(server, sessionId, 'customer', 'cust-2');
    const sendId = await transport(customer.client, 'send');
    const recvId = await transport(customer.client, 'recv');
    const screen = {
      transportId: sendId,
      kind: 'video',
      source: 'screen',
      rtpParameters: VP8_SIMULCAST_RTP_PARAMETERS,
    };
    expect(await customer.client.refusal('produce', screen)).toBe('FORBIDDEN_ROLE');
    expect(await customer.client.refusal('produce', { ...screen, source: 'microphone' })).toBe('INVALID_PARAMS');
    expect(await customer.client.refusal('produce', { ...screen, source: 'camera', transportId: recvId })).toBe(
      'MEDIA_REJECTED',
    );
    expect(await customer.client.refusal('produce', { ...screen, source: 'camera', transportId: 'nope' })).toBe(
      'TRANSPORT_NOT_FOUND',
    );
    // mediasoup itself refuses a codec the router does not have.
    const h263 = {
      ...VP8_SIMULCAST_RTP_PARAMETERS,
      codecs: [{ mimeType: 'video/H263', payloadType: 34, clockRate: 90000 }],
    };
    expect(await customer.client.refusal('produce', { ...screen, source: 'camera', rtpParameters: h263 })).toBe(
      'MEDIA_REJECTED',
    );
    const cameraId = await produceCamera(customer.client, sendId);
    expect(await customer.client.refusal('produce', { ...screen, source: 'camera' })).toBe('MEDIA_REJECTED');
    // Nobody consumes their own producer, nor a producer that does not exist.
    expect(await customer.client.refusal('consume', { transportId: recvId, producerId: cameraId })).toBe(
      'CANNOT_CONSUME',
    );
    expect(await customer.client.refusal('consume', { transportId: recvId, producerId: 'missing' })).toBe(
      'PRODUCER_NOT_FOUND',
    );

    // The agent may share a screen; a second consume of the same producer is refused.
    const agent = await joinAs(server, sessionId, 'agent', 'agent-2');
    const agentSend = await transport(agent.client, 'send');
    const { producerId: screenId } = await agent.client.request('produce', { ...screen, transportId: agentSend });
    const added = await customer.client.waitFor('producerAdded', (data) => data.producerId === screenId);
    expect(added.source).toBe('screen');
    await customer.client.request('consume', { transportId: recvId, producerId: screenId });
    expect(await customer.client.refusal('consume', { transportId: recvId, producerId: screenId })).toBe(
      'CANNOT_CONSUME',
    );
    await customer.client.close();
    await agent.client.close();
  });

  it('refuses a consumer whose device cannot decode the codec', async () => {
    const sessionId = await server.createSession();
    const agent = await joinAs(server, sessionId, 'agent', 'agent-3');
    const sendId = await transport(agent.client, 'send');
    const cameraId = await produceCamera(agent.client, sendId);
    const token = await server.token(sessionId, 'customer', 'cust-3');
    const { TestSignalingClient } = await import('./helpers/signaling-client.ts');
    const customer = await TestSignalingClient.open(server.wsUrl, token);
    // An audio-only device (e.g. a phone call fallback) cannot consume VP8.
    const { rtpCapabilities } = await customer.request('getRouterRtpCapabilities', {});
    const audioOnly = { ...rtpCapabilities, codecs: rtpCapabilities.codecs?.filter((codec) => codec.kind === 'audio') };
    await customer.request('join', { rtpCapabilities: audioOnly });
    const recvId = await transport(customer, 'recv');
    expect(await customer.refusal('consume', { transportId: recvId, producerId: cameraId })).toBe('CANNOT_CONSUME');
    await customer.close();
    await agent.client.close();
  });
});
