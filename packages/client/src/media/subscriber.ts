import { MEDIA_SOURCES, type MediaSource } from '@aircounter/protocol';
import type { Consumer, RtpParameters, Transport } from 'mediasoup-client/types';
import type { Signaling } from '../signaling/signaling.ts';
import type { RemoteTrack } from '../types.ts';

interface Subscription {
  readonly consumer: Consumer;
  remote: RemoteTrack;
}

/**
 * Receives other participants' producers on one receive transport:
 * `consume` (the server creates the consumer paused) → local consumer →
 * `resumeConsumer`. Resuming only once the local side is ready makes the
 * server request a key frame the decoder can start from.
 */
export class Subscriber {
  readonly #signaling: Signaling;
  readonly #transport: Transport;
  readonly #byProducer = new Map<string, Subscription>();

  constructor(signaling: Signaling, transport: Transport) {
    this.#signaling = signaling;
    this.#transport = transport;
  }

  has(producerId: string): boolean {
    return this.#byProducer.has(producerId);
  }

  async consume(producerId: string): Promise<RemoteTrack> {
    const params = await this.#signaling.request('consume', { transportId: this.#transport.id, producerId });
    const consumer = await this.#transport.consume({
      id: params.consumerId,
      producerId: params.producerId,
      kind: params.kind,
      // Shape and bounds were validated by the protocol schema; mediasoup-client
      // validates the semantics (its own types are narrower string unions).
      rtpParameters: params.rtpParameters as unknown as RtpParameters,
      streamId: `${params.peerId}-${params.source}`,
    });
    try {
      await this.#signaling.request('resumeConsumer', { consumerId: consumer.id });
    } catch (error) {
      consumer.close();
      throw error;
    }
    const remote: RemoteTrack = {
      peerId: params.peerId,
      producerId: params.producerId,
      source: params.source satisfies MediaSource,
      kind: params.kind,
      track: consumer.track,
      muted: params.producerPaused,
    };
    this.#byProducer.set(producerId, { consumer, remote });
    return remote;
  }

  /** Updates the muted flag of the track of `producerId`; returns the new snapshot. */
  setMuted(producerId: string, muted: boolean): RemoteTrack | undefined {
    const subscription = this.#byProducer.get(producerId);
    if (!subscription) return undefined;
    subscription.remote = { ...subscription.remote, muted };
    return subscription.remote;
  }

  /** In the order of MEDIA_SOURCES (camera first): consumers are created at once and finish in any order. */
  tracksOf(peerId: string): RemoteTrack[] {
    return [...this.#byProducer.values()]
      .filter(({ remote }) => remote.peerId === peerId)
      .map(({ remote }) => remote)
      .sort((a, b) => MEDIA_SOURCES.indexOf(a.source) - MEDIA_SOURCES.indexOf(b.source));
  }

  /** The remote track a consumer id belongs to. */
  byConsumer(consumerId: string): RemoteTrack | undefined {
    for (const { consumer, remote } of this.#byProducer.values()) if (consumer.id === consumerId) return remote;
    return undefined;
  }

  /** Closes the consumer of `producerId`; returns what was removed. */
  remove(producerId: string): RemoteTrack | undefined {
    const subscription = this.#byProducer.get(producerId);
    if (!subscription) return undefined;
    this.#byProducer.delete(producerId);
    subscription.consumer.close();
    return subscription.remote;
  }

  removePeer(peerId: string): RemoteTrack[] {
    const removed: RemoteTrack[] = [];
    for (const [producerId, { remote }] of [...this.#byProducer]) {
      if (remote.peerId === peerId) {
        this.remove(producerId);
        removed.push(remote);
      }
    }
    return removed;
  }

  removeAll(): RemoteTrack[] {
    return [...this.#byProducer.keys()].flatMap((producerId) => this.remove(producerId) ?? []);
  }
}
