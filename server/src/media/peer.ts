import {
  AirError,
  type ErrorCode,
  type MediaSource,
  type NotificationData,
  type NotificationName,
  type PeerInfo,
} from '@aircounter/protocol';
import type { types } from 'mediasoup';
import type { LiveRole } from '../auth/tokens.ts';
import type { PeerLink } from './link.ts';

export type TransportDirection = 'send' | 'recv';

/**
 * Who a room member is: a participant from a join token, or the server itself
 * while it plays speech into the call (server/src/speech/server-peer.ts).
 */
export type RoomRole = LiveRole | 'server';

export interface PeerTransport {
  readonly transport: types.WebRtcTransport;
  readonly direction: TransportDirection;
}

export interface PeerProducer {
  readonly producer: types.Producer;
  readonly source: MediaSource;
}

export interface PeerConsumer {
  readonly consumer: types.Consumer;
  readonly source: MediaSource;
  readonly producerPeerId: string;
}

/**
 * One participant in a room: who they are (from the token) and the mediasoup
 * objects they own. Objects remove themselves from these maps when mediasoup
 * closes them, whatever the cause (client request, transport or router close).
 */
export class Peer {
  readonly id: string;
  readonly role: RoomRole;
  readonly displayName: string;
  readonly joinedAt: number;
  /** What the client's device can receive; replaced when it re-joins after a reconnect. */
  rtpCapabilities: types.RtpCapabilities;
  readonly transports = new Map<string, PeerTransport>();
  readonly producers = new Map<string, PeerProducer>();
  readonly consumers = new Map<string, PeerConsumer>();
  #link: PeerLink | undefined;

  constructor(details: {
    id: string;
    role: RoomRole;
    displayName: string;
    rtpCapabilities: types.RtpCapabilities;
    link: PeerLink;
  }) {
    this.id = details.id;
    this.role = details.role;
    this.displayName = details.displayName;
    this.rtpCapabilities = details.rtpCapabilities;
    this.joinedAt = Date.now();
    this.#link = details.link;
  }

  get link(): PeerLink | undefined {
    return this.#link;
  }

  /** Whether a live connection currently speaks for this peer. */
  get connected(): boolean {
    return this.#link?.open === true;
  }

  attach(link: PeerLink): void {
    this.#link = link;
  }

  detach(): void {
    this.#link = undefined;
  }

  /** Pushes to the client; dropped while the peer is between connections (it re-syncs on re-join). */
  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    this.#link?.notify(name, data);
  }

  end(reason: string, code?: ErrorCode): void {
    this.#link?.end(reason, code);
    this.#link = undefined;
  }

  info(): PeerInfo {
    return {
      peerId: this.id,
      role: this.role,
      displayName: this.displayName,
      producers: [...this.producers.values()].map(({ producer, source }) => ({
        producerId: producer.id,
        kind: producer.kind,
        source,
        paused: producer.paused,
      })),
    };
  }

  transport(transportId: string, direction: TransportDirection): types.WebRtcTransport {
    const entry = this.transports.get(transportId);
    if (!entry) throw new AirError('TRANSPORT_NOT_FOUND', `no transport ${transportId}`);
    if (entry.direction !== direction) {
      throw new AirError('MEDIA_REJECTED', `transport ${transportId} is a ${entry.direction} transport`);
    }
    return entry.transport;
  }

  /** Any of the peer's transports, whatever its direction. */
  anyTransport(transportId: string): types.WebRtcTransport {
    const entry = this.transports.get(transportId);
    if (!entry) throw new AirError('TRANSPORT_NOT_FOUND', `no transport ${transportId}`);
    return entry.transport;
  }

  producer(producerId: string): PeerProducer {
    const entry = this.producers.get(producerId);
    if (!entry) throw new AirError('PRODUCER_NOT_FOUND', `no producer ${producerId} of yours`);
    return entry;
  }

  consumer(consumerId: string): types.Consumer {
    const entry = this.consumers.get(consumerId);
    if (!entry) throw new AirError('CONSUMER_NOT_FOUND', `no consumer ${consumerId}`);
    return entry.consumer;
  }

  producerFor(source: MediaSource): PeerProducer | undefined {
    for (const entry of this.producers.values()) if (entry.source === source) return entry;
    return undefined;
  }

  addTransport(transport: types.WebRtcTransport, direction: TransportDirection): void {
    this.transports.set(transport.id, { transport, direction });
    transport.observer.once('close', () => this.transports.delete(transport.id));
  }

  /** Tracks a consumer and forwards its events to the client. */
  addConsumer(consumer: types.Consumer, details: { source: MediaSource; producerPeerId: string }): void {
    const consumerId = consumer.id;
    this.consumers.set(consumerId, { consumer, ...details });
    consumer.observer.once('close', () => this.consumers.delete(consumerId));
    // mediasoup closes the consumer itself when its producer goes away.
    consumer.on('producerclose', () => this.notify('consumerClosed', { consumerId }));
    consumer.on('producerpause', () => this.notify('consumerPaused', { consumerId }));
    consumer.on('producerresume', () => this.notify('consumerResumed', { consumerId }));
    consumer.on('score', ({ score, producerScore }) =>
      this.notify('consumerScore', { consumerId, score, producerScore }),
    );
    consumer.on('layerschange', (layers) =>
      this.notify('consumerLayersChanged', {
        consumerId,
        spatialLayer: layers?.spatialLayer ?? null,
        temporalLayer: layers?.temporalLayer ?? null,
      }),
    );
  }

  /** Closes every transport, and with them all producers and consumers. */
  closeMedia(): void {
    for (const { transport } of [...this.transports.values()]) transport.close();
  }
}
