// Server-side answers of a one-room SFU for the client's unit tests, built on
// mediasoup-client's own fake parameters so that a Device with FakeHandler
// accepts them. Peers are named by their token (`token.<peerId>`).
import type { PeerInfo, RecordingStatus } from '@aircounter/protocol';
import { testFakeParameters } from 'mediasoup-client';
import type { FakeConnection, FakeHandler } from './fake-signaling-server.ts';

export interface FakeRoom {
  readonly sessionId: string;
  readonly peers: PeerInfo[];
  recording: RecordingStatus;
  readonly handlers: Record<string, FakeHandler>;
  /** Producers this room saw from the client under test, by connection. */
  readonly produced: { connection: FakeConnection; kind: string; source: string; encodings: number; paused: boolean }[];
}

let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${++counter}`;

export function peerIdOf(connection: FakeConnection): string {
  return connection.token.replace(/^token\./, '');
}

export function createFakeRoom(sessionId = 'session-1'): FakeRoom {
  const room: FakeRoom = {
    sessionId,
    peers: [],
    recording: { state: 'idle', since: 1, consentGiven: false },
    produced: [],
    handlers: {},
  };
  const consumers = new Map<string, string>();
  Object.assign(room.handlers, {
    getRouterRtpCapabilities: () => ({ rtpCapabilities: testFakeParameters.generateRouterRtpCapabilities() }),
    join: (data: unknown, connection: FakeConnection) => {
      const { displayName } = data as { displayName?: string };
      return {
        sessionId: room.sessionId,
        self: { peerId: peerIdOf(connection), role: 'customer', displayName: displayName ?? 'Customer' },
        peers: room.peers,
        recording: room.recording,
      };
    },
    createTransport: () => {
      const remote = testFakeParameters.generateTransportRemoteParameters();
      return {
        transportId: `transport-${remote.id}`,
        iceParameters: remote.iceParameters,
        iceCandidates: remote.iceCandidates,
        dtlsParameters: remote.dtlsParameters,
      };
    },
    connectTransport: () => ({}),
    restartIce: () => ({ iceParameters: testFakeParameters.generateTransportRemoteParameters().iceParameters }),
    produce: (data: unknown, connection: FakeConnection) => {
      const request = data as {
        kind: string;
        source: string;
        paused?: boolean;
        rtpParameters: { encodings?: unknown[] };
      };
      room.produced.push({
        connection,
        kind: request.kind,
        source: request.source,
        encodings: request.rtpParameters.encodings?.length ?? 0,
        paused: request.paused === true,
      });
      return { producerId: nextId('own-producer') };
    },
    consume: (data: unknown) => {
      const { producerId } = data as { producerId: string };
      const owner = room.peers.find((peer) => peer.producers.some((p) => p.producerId === producerId));
      const producer = owner?.producers.find((p) => p.producerId === producerId);
      if (!owner || !producer) throw new Error(`no producer ${producerId}`);
      const remote = testFakeParameters.generateConsumerRemoteParameters({
        codecMimeType: producer.kind === 'audio' ? 'audio/opus' : 'video/VP8',
      });
      const consumerId = nextId('consumer');
      consumers.set(consumerId, producerId);
      return {
        consumerId,
        producerId,
        peerId: owner.peerId,
        kind: producer.kind,
        source: producer.source,
        rtpParameters: remote.rtpParameters,
        paused: true,
        producerPaused: producer.paused,
      };
    },
    resumeConsumer: () => ({}),
    pauseProducer: () => ({}),
    resumeProducer: () => ({}),
    leave: () => ({}),
  } satisfies Record<string, FakeHandler>);
  return room;
}

/** A remote participant with a camera and a microphone. */
export function remotePeer(peerId: string, role: PeerInfo['role'] = 'agent'): PeerInfo {
  return {
    peerId,
    role,
    displayName: `Name of ${peerId}`,
    producers: [
      { producerId: `${peerId}-camera`, kind: 'video', source: 'camera', paused: false },
      { producerId: `${peerId}-microphone`, kind: 'audio', source: 'microphone', paused: false },
    ],
  };
}
