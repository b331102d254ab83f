import { createHash } from 'node:crypto';
import { AirError, type PeerInfo } from '@aircounter/protocol';
import { FakeMediaStreamTrack } from 'fake-mediastreamtrack';
import { FakeHandler, testFakeParameters } from 'mediasoup-client';
import type { HandlerFactory } from 'mediasoup-client/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizationView } from '../../protocol/src/test-fixtures/authorization.ts';
import { createFakeRoom, peerIdOf, remotePeer, type FakeRoom } from '../test/support/fake-room.ts';
import { startFakeServer, type FakeConnection, type FakeServer } from '../test/support/fake-signaling-server.ts';
import { createClient } from './client.ts';
import type { ClientOptions, MediaDevicesLike, Session, SessionEvents, TokenRequest } from './types.ts';

// The session against an in-process signaling server and mediasoup-client's
// FakeHandler: real signaling, real mediasoup-client state machines, no
// browser WebRTC (that part runs in the end-to-end suite).

function fakeMediaDevices(opened: MediaStreamTrack[]): MediaDevicesLike {
  return {
    async getUserMedia(constraints?: MediaStreamConstraints) {
      const tracks: MediaStreamTrack[] = [];
      if (constraints?.video) tracks.push(new FakeMediaStreamTrack({ kind: 'video' }) as unknown as MediaStreamTrack);
      if (constraints?.audio) tracks.push(new FakeMediaStreamTrack({ kind: 'audio' }) as unknown as MediaStreamTrack);
      opened.push(...tracks);
      return {
        getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
        getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
      } as MediaStream;
    },
    async enumerateDevices() {
      return [
        { deviceId: 'cam-1', kind: 'videoinput', label: 'Front', groupId: 'g' },
        { deviceId: 'mic-1', kind: 'audioinput', label: 'Mic', groupId: 'g' },
        { deviceId: 'spk-1', kind: 'audiooutput', label: 'Speaker', groupId: 'g' },
      ] as MediaDeviceInfo[];
    },
  };
}

/** FakeHandler's factory, keeping each transport's handler so a test can drive its ICE state. */
function capturingFactory(): { handlers: FakeHandler[]; capturing: HandlerFactory } {
  const handlers: FakeHandler[] = [];
  const base = FakeHandler.createFactory(testFakeParameters);
  const capturing: HandlerFactory = {
    ...base,
    factory: (options) => {
      const handler = base.factory(options) as FakeHandler;
      handlers.push(handler);
      return handler;
    },
  };
  return { handlers, capturing };
}

function record<K extends keyof SessionEvents>(session: Session, event: K): SessionEvents[K][] {
  const seen: SessionEvents[K][] = [];
  session.on(event, (data) => seen.push(data));
  return seen;
}

describe('session', () => {
  let server: FakeServer;
  let room: FakeRoom;
  let opened: MediaStreamTrack[];
  let tokenRequests: TokenRequest[];
  const sessions: Session[] = [];

  function client(overrides: Partial<ClientOptions> = {}) {
    return createClient({
      serverUrl: server.url.replace('ws:', 'http:').replace('/signaling', ''),
      getToken: (request) => {
        tokenRequests.push(request);
        return 'token.customer-1';
      },
      mediaDevices: fakeMediaDevices(opened),
      handlerFactory: FakeHandler.createFactory(testFakeParameters),
      reconnect: { initialDelayMs: 20, maxDelayMs: 40, maxAttempts: 3 },
      requestTimeoutMs: 2_000,
      ...overrides,
    });
  }

  async function join(
    overrides: Partial<ClientOptions> = {},
  ): Promise<{ session: Session; connection: FakeConnection }> {
    const connected = server.nextConnection();
    const session = await client(overrides).join({ sessionId: room.sessionId, displayName: 'Ada' });
    sessions.push(session);
    return { session, connection: await connected };
  }

  beforeEach(async () => {
    room = createFakeRoom();
    server = await startFakeServer({ handlers: room.handlers });
    opened = [];
    tokenRequests = [];
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.leave()));
    await server.close();
  });

  it('joins, publishes a 3-layer camera and a microphone, and reports itself', async () => {
    const { session, connection } = await join();
    expect(session.state).toBe('connected');
    expect(session.self).toEqual({ peerId: 'customer-1', role: 'customer', displayName: 'Ada' });
    expect(tokenRequests).toEqual([{ sessionId: 'session-1', reason: 'join' }]);
    expect(connection.url).toBe('/signaling?sessionId=session-1');
    expect(connection.token).toBe('token.customer-1');
    expect(connection.requests.map((r) => r.method)).toEqual([
      'getRouterRtpCapabilities',
      'join',
      'createTransport',
      'createTransport',
      'connectTransport',
      'produce',
      'produce',
    ]);
    expect(room.produced.map(({ source, kind, encodings }) => ({ source, kind, encodings }))).toEqual([
      { source: 'camera', kind: 'video', encodings: 3 },
      { source: 'microphone', kind: 'audio', encodings: 1 },
    ]);
    expect(session.localTracks.camera?.readyState).toBe('live');
    expect(session.localTracks.microphone?.readyState).toBe('live');
  });

  it('times the phases of its join, and starts a new timeline when it reconnects', async () => {
    const { handlers, capturing } = capturingFactory();
    const { session, connection } = await join({ handlerFactory: capturing });
    const first = session.joinTimeline;
    expect(first?.reason).toBe('join');
    // The devices open while signaling runs; the join request waits for them.
    const order = ['tokenObtained', 'socketOpen', 'deviceLoaded', 'joinAnswered'] as const;
    expect(Object.keys(first?.phases ?? {}).filter((phase) => phase !== 'devicesOpened')).toEqual(order);
    const times = order.map((phase) => first?.phases[phase] ?? -1);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(0);
    expect(first?.phases.devicesOpened).toBeLessThanOrEqual(first?.phases.joinAnswered ?? -1);

    // The transports connect after the join resolved (ICE+DTLS run on their own).
    handlers[1]?.setConnectionState('connected');
    handlers[0]?.setConnectionState('connected');
    expect(session.joinTimeline?.phases).toMatchObject({
      sendTransportConnected: expect.any(Number),
      recvTransportConnected: expect.any(Number),
    });
    expect(performance.getEntriesByName('aircounter:join:sendTransportConnected', 'measure')).not.toHaveLength(0);

    const second = server.nextConnection();
    connection.socket.terminate();
    await second;
    await expect.poll(() => session.state).toBe('connected');
    const again = session.joinTimeline;
    expect(again?.reason).toBe('reconnect');
    expect(again?.startedAt).toBeGreaterThan(first?.startedAt ?? Infinity);
    // The tracks are kept, so a reconnection opens no devices.
    expect(Object.keys(again?.phases ?? {})).toEqual(order);
  });

  it('never joins when the devices fail to open, though signaling started meanwhile', async () => {
    const refusing: MediaDevicesLike = {
      ...fakeMediaDevices(opened),
      getUserMedia: () =>
        new Promise((_, reject) => setTimeout(() => reject(new DOMException('no', 'NotAllowedError')), 100)),
    };
    const connected = server.nextConnection();
    await expect(client({ mediaDevices: refusing }).join({ sessionId: room.sessionId })).rejects.toMatchObject({
      code: 'DEVICE_UNAVAILABLE',
    });
    const connection = await connected;
    expect(connection.requests.map((r) => r.method)).not.toContain('join');
  });

  it('stops the devices that open after the connection already failed', async () => {
    let release = (): void => undefined;
    const slow: MediaDevicesLike = {
      ...fakeMediaDevices(opened),
      getUserMedia: async (constraints) => {
        await new Promise<void>((resolve) => (release = resolve));
        return fakeMediaDevices(opened).getUserMedia(constraints);
      },
    };
    const failing = client({ mediaDevices: slow, getToken: () => Promise.reject(new Error('bank says no')) });
    await expect(failing.join({ sessionId: room.sessionId })).rejects.toBeDefined();
    release();
    await expect.poll(() => opened.length).toBe(2);
    expect(opened.map((track) => track.readyState)).toEqual(['ended', 'ended']);
  });

  it('consumes the producers of participants already there, then resumes each consumer', async () => {
    room.peers.push(remotePeer('agent-1'));
    const { session, connection } = await join();
    const methods = connection.requests.map((r) => r.method);
    expect(methods.filter((m) => m === 'consume')).toHaveLength(2);
    expect(methods.lastIndexOf('resumeConsumer')).toBeGreaterThan(methods.indexOf('consume'));
    const [agent] = session.participants;
    expect(agent?.peerId).toBe('agent-1');
    expect(agent?.tracks.map((t) => [t.source, t.kind, t.track.readyState])).toEqual([
      ['camera', 'video', 'live'],
      ['microphone', 'audio', 'live'],
    ]);
  });

  it('receives the others without waiting for its own publishing, and creates both transports at once', async () => {
    room.peers.push(remotePeer('agent-1'));
    // The server holds every produce answer until the agent's camera was consumed: a client that
    // published before receiving would never get there (the request times out and the join fails).
    const produce = room.handlers['produce'];
    const consume = room.handlers['consume'];
    if (!produce || !consume) throw new Error('fake room without produce/consume');
    let cameraConsumed: () => void = () => undefined;
    const consumedCamera = new Promise<void>((resolve) => (cameraConsumed = resolve));
    room.handlers['consume'] = async (data, connection) => {
      const answer = await consume(data, connection);
      if ((data as { producerId: string }).producerId === 'agent-1-camera') cameraConsumed();
      return answer;
    };
    room.handlers['produce'] = async (data, connection) => {
      await consumedCamera;
      return produce(data, connection);
    };
    const { session, connection } = await join();
    const methods = connection.requests.map((r) => r.method);
    // Both createTransport requests left before either was answered, i.e. next to each other.
    expect(methods.slice(methods.indexOf('join') + 1, methods.indexOf('join') + 3)).toEqual([
      'createTransport',
      'createTransport',
    ]);
    expect(methods.indexOf('consume')).toBeLessThan(methods.lastIndexOf('produce'));
    expect(session.participants[0]?.tracks.map((t) => t.source)).toEqual(['camera', 'microphone']);
    expect(room.produced.map(({ source }) => source)).toEqual(['camera', 'microphone']);
  });

  it('follows participants and producers from notifications', async () => {
    const { session, connection } = await join();
    const joined = record(session, 'participantJoined');
    const added = record(session, 'trackAdded');
    const removed = record(session, 'trackRemoved');
    const left = record(session, 'participantLeft');
    const muted = record(session, 'trackMuted');

    const agent: PeerInfo = { ...remotePeer('agent-2'), producers: [] };
    room.peers.push(agent);
    connection.notify('peerJoined', { peer: agent });
    agent.producers.push({ producerId: 'agent-2-camera', kind: 'video', source: 'camera', paused: false });
    connection.notify('producerAdded', {
      peerId: 'agent-2',
      producerId: 'agent-2-camera',
      kind: 'video',
      source: 'camera',
      paused: false,
    });
    await expect.poll(() => added.length).toBe(1);
    expect(joined.map((p) => p.displayName)).toEqual(['Name of agent-2']);
    expect(added[0]).toMatchObject({ peerId: 'agent-2', source: 'camera', kind: 'video', muted: false });

    connection.notify('producerPaused', { peerId: 'agent-2', producerId: 'agent-2-camera' });
    await expect.poll(() => muted.length).toBe(1);
    expect(muted[0]?.muted).toBe(true);

    connection.notify('producerClosed', { peerId: 'agent-2', producerId: 'agent-2-camera' });
    await expect.poll(() => removed.length).toBe(1);
    expect(added[0]?.track.readyState).toBe('ended');

    const reconnected = record(session, 'participantReconnected');
    connection.notify('peerReconnected', { peerId: 'agent-2' });
    await expect.poll(() => reconnected.length).toBe(1);
    expect(reconnected[0]).toMatchObject({ peerId: 'agent-2', displayName: 'Name of agent-2' });

    connection.notify('peerLeft', { peerId: 'agent-2', reason: 'left' });
    await expect.poll(() => left.length).toBe(1);
    expect(left[0]).toMatchObject({ participant: { peerId: 'agent-2' }, reason: 'left' });
    expect(session.participants).toEqual([]);
  });

  it('turns consumer scores into a per-participant quality', async () => {
    room.peers.push(remotePeer('agent-1'));
    const { session, connection } = await join();
    const quality = record(session, 'quality');
    const consumerIds = connection.requests
      .filter((r) => r.method === 'resumeConsumer')
      .map((r) => (r.data as { consumerId: string }).consumerId);
    connection.notify('consumerScore', { consumerId: consumerIds[0], score: 0, producerScore: 0 }); // no media yet
    connection.notify('consumerScore', { consumerId: consumerIds[0], score: 10, producerScore: 9 });
    connection.notify('consumerScore', { consumerId: consumerIds[1], score: 10, producerScore: 3 });
    connection.notify('consumerScore', { consumerId: consumerIds[1], score: 0, producerScore: 0 });
    await expect.poll(() => quality.length).toBe(3);
    expect(quality.map((q) => q.quality)).toEqual(['good', 'poor', 'lost']);
    expect(session.participants[0]?.quality).toBe('lost');
  });

  it('mutes by pausing the producer, disabling the track and telling the server', async () => {
    const { session, connection } = await join();
    const changes = record(session, 'muteChanged');
    await session.setMuted('microphone', true);
    expect(session.isMuted('microphone')).toBe(true);
    expect(session.localTracks.microphone?.enabled).toBe(false);
    await session.setMuted('microphone', false);
    expect(session.localTracks.microphone?.enabled).toBe(true);
    expect(changes).toEqual([
      { source: 'microphone', muted: true },
      { source: 'microphone', muted: false },
    ]);
    expect(connection.requests.filter((r) => /Producer$/.test(r.method)).map((r) => r.method)).toEqual([
      'pauseProducer',
      'resumeProducer',
    ]);
  });

  it('switches the camera: new track on the same producer, old one stopped, mute state kept', async () => {
    const { session, connection } = await join();
    await session.setMuted('camera', true);
    const swaps = record(session, 'localTrack');
    const old = session.localTracks.camera;
    await session.switchDevice('camera', 'cam-2');
    const fresh = session.localTracks.camera;
    expect(fresh).not.toBe(old);
    expect(old?.readyState).toBe('ended');
    expect(fresh?.readyState).toBe('live');
    expect(fresh?.enabled).toBe(false);
    expect(swaps).toEqual([{ source: 'camera', track: fresh }]);
    // replaceTrack needs no renegotiation: nothing new was produced.
    expect(connection.requests.filter((r) => r.method === 'produce')).toHaveLength(2);
  });

  it('reconnects after a network drop with a fresh token, the same tracks and the mute state', async () => {
    room.peers.push(remotePeer('agent-1'));
    const { session, connection } = await join();
    await session.setMuted('camera', true);
    const states = record(session, 'state');
    const removed = record(session, 'trackRemoved');
    const added = record(session, 'trackAdded');
    const camera = session.localTracks.camera;
    const second = server.nextConnection();

    connection.socket.terminate();
    const reconnected = await second;
    await expect.poll(() => session.state).toBe('connected');

    expect(states.map((s) => s.state)).toEqual(['reconnecting', 'connected']);
    expect(tokenRequests.map((t) => t.reason)).toEqual(['join', 'reconnect']);
    expect(reconnected.requests.map((r) => r.method)).toContain('join');
    const republished = room.produced.filter((p) => p.connection === reconnected);
    expect(republished.map((p) => [p.source, p.paused])).toEqual([
      ['camera', true],
      ['microphone', false],
    ]);
    expect(session.localTracks.camera).toBe(camera);
    expect(camera?.readyState).toBe('live');
    expect(removed).toHaveLength(2);
    expect(added).toHaveLength(2);
    expect(session.participants.map((p) => p.peerId)).toEqual(['agent-1']);
  });

  const fatalCloses = [
    { code: 4002, error: 'AUTH_INVALID_TOKEN', state: 'error' },
    { code: 4006, error: 'DUPLICATE_PEER', state: 'error' },
    { code: 4008, error: 'SESSION_ENDED', state: 'ended' },
  ] as const;
  for (const { code, error, state } of fatalCloses) {
    it(`ends with ${error} when the server closes with ${code}, releasing the devices`, async () => {
      const { session, connection } = await join();
      const errors = record(session, 'error');
      const ended = record(session, 'ended');
      connection.close(code, error);
      await expect.poll(() => session.state).toBe(state);
      expect(errors.map((e) => [e.code, e.recoverable])).toEqual([[error, false]]);
      expect(ended).toEqual([{ reason: state === 'ended' ? 'session-ended' : 'error', code: error }]);
      expect(opened.map((t) => t.readyState)).toEqual(['ended', 'ended']);
      expect(server.connections).toHaveLength(1);
    });
  }

  it('ends when the server announces the end of the session', async () => {
    const { session, connection } = await join();
    const ended = record(session, 'ended');
    connection.notify('sessionEnded', { reason: 'agent ended the call' });
    await expect.poll(() => session.state).toBe('ended');
    expect(ended).toEqual([{ reason: 'agent ended the call', code: 'SESSION_ENDED' }]);
    expect(opened.every((t) => t.readyState === 'ended')).toBe(true);
  });

  it('gives up with CONNECTION_LOST after the configured attempts', async () => {
    const { session, connection } = await join();
    server.refuseWith = () => 'RATE_LIMITED'; // recoverable: worth another attempt
    const errors = record(session, 'error');
    connection.socket.terminate();
    await expect.poll(() => session.state).toBe('error');
    expect(server.connections).toHaveLength(1 + 3);
    expect(tokenRequests.map((t) => t.reason)).toEqual(['join', 'reconnect', 'reconnect', 'reconnect']);
    expect(errors.map((e) => [e.code, e.recoverable])).toEqual([['CONNECTION_LOST', true]]);
    expect(opened.every((t) => t.readyState === 'ended')).toBe(true);
  });

  it('stops reconnecting at once on a non-recoverable refusal', async () => {
    const { session, connection } = await join();
    server.refuseWith = () => 'WORKER_DIED';
    const errors = record(session, 'error');
    connection.socket.terminate();
    await expect.poll(() => session.state).toBe('error');
    expect(server.connections).toHaveLength(2);
    expect(errors.map((e) => e.code)).toEqual(['WORKER_DIED']);
  });

  it('keeps trying while the server still holds the old peer (DUPLICATE_PEER), then recovers', async () => {
    const { session, connection } = await join();
    let refusals = 1;
    server.refuseWith = () => (refusals-- > 0 ? 'DUPLICATE_PEER' : undefined);
    connection.socket.terminate();
    await expect.poll(() => server.connections.length).toBe(3);
    await expect.poll(() => session.state).toBe('connected');
  });

  it('ends with DUPLICATE_PEER when another connection keeps holding the peer', async () => {
    const { session, connection } = await join();
    server.refuseWith = () => 'DUPLICATE_PEER';
    const errors = record(session, 'error');
    connection.socket.terminate();
    await expect.poll(() => session.state).toBe('error');
    expect(server.connections).toHaveLength(1 + 3);
    expect(errors.map((e) => e.code)).toEqual(['DUPLICATE_PEER']);
  });

  it('restarts ICE when a transport fails and is connected again once ICE recovers', async () => {
    const { handlers, capturing } = capturingFactory();
    const { session, connection } = await join({ handlerFactory: capturing });
    const states = record(session, 'state');
    const [recv] = handlers;
    recv?.setConnectionState('failed');
    await expect.poll(() => connection.requests.filter((r) => r.method === 'restartIce').length).toBe(1);
    expect(session.state).toBe('reconnecting');
    recv?.setConnectionState('connected');
    expect(session.state).toBe('connected');
    expect(states.map((s) => s.state)).toEqual(['reconnecting', 'connected']);
    expect(server.connections).toHaveLength(1); // signaling was never dropped
  });

  it('waits before restarting ICE on a transient "disconnected"', async () => {
    const { handlers, capturing } = capturingFactory();
    const { session, connection } = await join({ handlerFactory: capturing });
    handlers[1]?.setConnectionState('disconnected');
    handlers[1]?.setConnectionState('connected');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(connection.requests.filter((r) => r.method === 'restartIce')).toHaveLength(0);
    expect(session.state).toBe('connected');
  });

  it('leaves once however often leave() is called, and stops the devices', async () => {
    const { session, connection } = await join();
    const ended = record(session, 'ended');
    await Promise.all([session.leave(), session.leave()]);
    await session.leave();
    expect(connection.requests.filter((r) => r.method === 'leave')).toHaveLength(1);
    expect(session.state).toBe('ended');
    expect(ended).toEqual([{ reason: 'left' }]);
    expect(opened.map((t) => t.readyState)).toEqual(['ended', 'ended']);
  });

  it('rejects the join with the typed error and releases the devices when the token is refused', async () => {
    server.refuseWith = () => 'AUTH_EXPIRED_TOKEN';
    const error = await client()
      .join({ sessionId: room.sessionId })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(AirError);
    expect((error as AirError).code).toBe('AUTH_EXPIRED_TOKEN');
    expect(opened.map((t) => t.readyState)).toEqual(['ended', 'ended']);
  });

  it('rejects a token for another session', async () => {
    room.handlers.join = (_data, connection) => ({
      sessionId: 'someone-elses',
      self: { peerId: peerIdOf(connection), role: 'customer', displayName: 'x' },
      peers: [],
      recording: room.recording,
    });
    await expect(client().join({ sessionId: room.sessionId })).rejects.toMatchObject({ code: 'AUTH_WRONG_SESSION' });
  });

  it('resolves recording.start() only when the recording is active', async () => {
    const { session, connection } = await join();
    room.handlers.startRecording = () => {
      setTimeout(() => connection.notify('recordingStatus', { state: 'active', since: 3, consentGiven: true }), 30);
      return { state: 'starting', since: 2, consentGiven: true };
    };
    const statuses = record(session, 'recording');
    const status = await session.recording.start();
    expect(status.state).toBe('active');
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'active']);
  });

  it('asks for an authorization and reports every change of it as an event', async () => {
    const { session, connection } = await join();
    const view = authorizationView({ sessionId: room.sessionId });
    room.handlers.requestAuthorization = (data) => {
      expect(data).toMatchObject({ operationType: 'cash-withdrawal', amount: 8_000_000, currency: 'CNY' });
      setTimeout(() => connection.notify('authorizationUpdated', { ...view, status: 'approved' }), 10);
      return view;
    };
    const updates = record(session, 'authorizationUpdated');
    const raised = await session.authorization.request({
      operationType: 'cash-withdrawal',
      amount: 8_000_000,
      currency: 'CNY',
      reason: 'Large cash withdrawal',
      note: '',
      attachments: [],
    });
    expect(raised.status).toBe('pending');
    await expect.poll(() => updates.map((update) => update.status)).toEqual(['approved']);
  });

  it('reads documents over its own connection and tells when the bank adds one', async () => {
    const { session, connection } = await join();
    const pdf = Buffer.from('%PDF-1.7\n' + 'x'.repeat(300) + '\n%%EOF\n');
    const document = {
      documentId: 'loan-1',
      title: 'Loan contract',
      sha256: createHash('sha256').update(pdf).digest('hex'),
      shortCode: '3F9A-21C7',
      pages: 1,
      bytes: pdf.length,
      signable: true,
    };
    room.handlers.listDocuments = () => ({ documents: [document] });
    room.handlers.getDocumentPart = (data) => {
      const { offset } = data as { offset: number };
      return { offset, totalBytes: pdf.length, base64: pdf.subarray(offset, offset + 200).toString('base64') };
    };
    const added: string[] = [];
    session.documents.on('added', (notice) => added.push(notice.document.documentId));

    const [listed] = await session.documents.list();
    expect(listed).toEqual(document);
    const bytes = await session.documents.fetch(document);
    expect(Buffer.from(bytes).equals(pdf)).toBe(true);
    connection.notify('documentAdded', { document: { ...document, documentId: 'loan-2' } });
    await expect.poll(() => added).toEqual(['loan-2']);
  });

  it('rejects recording.start() with RECORDING_FAILED when the server reports a failure', async () => {
    const { session, connection } = await join();
    room.handlers.startRecording = () => {
      setTimeout(
        () =>
          connection.notify('recordingStatus', {
            state: 'failed',
            since: 3,
            consentGiven: true,
            reason: 'recorder-unavailable',
          }),
        10,
      );
      return { state: 'starting', since: 2, consentGiven: true };
    };
    await expect(session.recording.start()).rejects.toMatchObject({ code: 'RECORDING_FAILED' });
  });

  it('lists cameras and microphones only', async () => {
    expect(await client().listDevices()).toEqual([
      { deviceId: 'cam-1', label: 'Front', source: 'camera' },
      { deviceId: 'mic-1', label: 'Mic', source: 'microphone' },
    ]);
  });
});
