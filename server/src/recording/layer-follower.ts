import type { types } from 'mediasoup';
import type { Logger } from '../log.ts';

/** How often the recorder compares the simulcast layer it writes with the layers that arrive. */
export const LAYER_CHECK_MS = 1000;
/**
 * How long a better layer must arrive without being taken before the
 * recorder selects again. When mediasoup switches by itself it does so within
 * a keyframe round trip, well under this.
 */
export const LAYER_RESELECT_AFTER_MS = 1500;
/**
 * How often the follower looks for the written layer having stopped. It reads
 * only the recorder's own packet count (the continuity monitor polls it), and
 * asks the worker for the producer's per-layer counts only while that count
 * stands still.
 */
export const LAYER_OUTAGE_CHECK_MS = 250;
/**
 * No packet reached the recorder for this long while a lower layer still
 * arrives: the written layer stopped (the browser dropped it), and the
 * recorder switches down at once instead of waiting for mediasoup to declare
 * the stream inactive (1.5 s without RTP), during which the file would freeze.
 */
export const LAYER_OUTAGE_AFTER_MS = 400;
/**
 * A stall longer than this is not a layer dropped while others flow but an
 * outage of the whole stream (the network, a paused camera): mediasoup has
 * declared the layer inactive by then, and when media returns it picks the
 * layer itself. Switching then would only fight its choice.
 */
export const LAYER_OUTAGE_MAX_MS = 1500;
/** A switch down that has not happened by then (no keyframe of the lower layer) gives the preference back. */
export const LAYER_SWITCH_DOWN_TIMEOUT_MS = 3000;

/** The layer written to the file changed (`spatialLayer` undefined: none is written). */
export interface LayerChange {
  readonly atUnixMs: number;
  readonly spatialLayer: number | undefined;
  readonly temporalLayer?: number;
  readonly rid?: string;
  /** The best encoding arriving at the server at that moment, if any. */
  readonly bestArriving?: number;
  /**
   * How long no packet had reached the recorder before this change, when the
   * change ends such a stall (the picture in the file froze that long; measured
   * to within the continuity monitor's poll interval).
   */
  readonly stalledForMs?: number;
}

/**
 * How long the written picture stood still before a layer change seen at
 * `now`, if that was a stall: still standing (no packet for the outage
 * threshold), or ended by the new layer's first packets less than that long
 * ago — the continuity monitor's poll may count them before mediasoup reports
 * the change (`last` is when the recorder's count last grew, `before` when it
 * grew the time before that).
 */
export function freezeBeforeChangeMs(
  now: number,
  last: number | undefined,
  before: number | undefined,
): number | undefined {
  if (last === undefined) return undefined;
  const standing = now - last;
  if (standing >= LAYER_OUTAGE_AFTER_MS) return standing;
  const ended = before === undefined ? 0 : last - before;
  return ended >= LAYER_OUTAGE_AFTER_MS ? ended : undefined;
}

/** What the follower reads of the recording consumer (a unit test can stand in for it). */
export type FollowedConsumer = Pick<types.Consumer, 'closed' | 'paused' | 'currentLayers' | 'setPreferredLayers'>;
/** What the follower reads of the recorded producer. */
export type FollowedProducer = Pick<types.Producer, 'closed' | 'paused' | 'score' | 'rtpParameters' | 'getStats'>;

/** Packets received per encoding index, from the producer's `inbound-rtp` stats (matched by RID, else SSRC). */
export function packetsPerLayer(
  stats: readonly types.ProducerStat[],
  encodings: types.RtpParameters['encodings'],
): Map<number, number> {
  const counts = new Map<number, number>();
  for (const stat of stats) {
    if (stat.type !== 'inbound-rtp') continue;
    const index = (encodings ?? []).findIndex((encoding) =>
      encoding.rid === undefined ? encoding.ssrc === stat.ssrc : encoding.rid === stat.rid,
    );
    if (index >= 0) counts.set(index, (counts.get(index) ?? 0) + stat.packetCount);
  }
  return counts;
}

/** The highest layer below `current` whose count grew between two samples. */
export function highestGrowingBelow(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
  current: number,
): number | undefined {
  let best: number | undefined;
  for (const [layer, count] of after) {
    if (layer < current && count > (before.get(layer) ?? 0) && (best === undefined || layer > best)) best = layer;
  }
  return best;
}

/** The best encoding that arrives: the highest index whose stream has a score above 0 (mediasoup sets 0 when a stream stops). */
export function bestArrivingLayer(scores: readonly types.ProducerScore[], highest: number): number | undefined {
  let best: number | undefined;
  for (const { encodingIdx, score } of scores) {
    if (score > 0 && encodingIdx <= highest && (best === undefined || encodingIdx > best)) best = encodingIdx;
  }
  return best;
}

/**
 * Keeps a simulcast recording consumer on the best layer that actually
 * arrives, and reports each change of the layer written.
 *
 * mediasoup picks the preferred (top) layer when it can switch to it, which
 * for a layer other than the first one needs the capture time of that
 * layer's stream (its first RTCP sender report, applied on the next packet).
 * A layer a browser adds or re-adds later is re-evaluated on its first sender
 * report, i.e. before that capture time is known, and then only when a score
 * changes; a steady stream keeps its score, so the consumer can stay on a
 * lower layer for the rest of the call. The follower notices a better layer
 * arriving but not taken and makes mediasoup select again (preferred layers
 * set to the current one and back, which re-runs the selection and asks the
 * new layer for a keyframe). The switch itself happens on that keyframe, so
 * the file never holds a frame it cannot decode.
 *
 * Downwards, mediasoup leaves a layer only once it has declared the stream
 * inactive (1.5 s without RTP) and then waits for the lower layer's keyframe:
 * when a browser drops the layer being written (bandwidth or CPU), the file
 * would freeze for about two seconds. The follower notices the recorder's
 * packet count standing still while a lower layer's count grows, prefers that
 * layer (mediasoup asks it for a keyframe and switches on it), and gives the
 * top preference back once the switch is made; mediasoup keeps writing the
 * lower layer until a better one sends a keyframe again. How long the picture
 * stood still is reported with the change, so the evidence says it.
 */
export class LayerFollower {
  readonly #consumer: FollowedConsumer;
  readonly #producer: FollowedProducer;
  readonly #preferred: types.ConsumerLayers;
  readonly #onChange: (change: LayerChange) => void;
  readonly #log: Logger;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  /** Since when a better layer arrives than the one written (wall clock), if it does. */
  #behindSinceMs: number | undefined;
  #lastReselectMs = Number.NEGATIVE_INFINITY;
  /** The spatial layer last reported; null: nothing reported yet (a new segment reports its first layer). */
  #reported: number | undefined | null = null;
  #reselections = 0;
  readonly #lastPacketUnixMs: () => number | undefined;
  readonly #previousPacketUnixMs: () => number | undefined;
  #outageTimer: NodeJS.Timeout | undefined;
  /** The producer's per-layer counts read when the recorder's count was first seen standing still. */
  #stalledSample: { readonly lastPacketUnixMs: number; readonly counts: Map<number, number> } | undefined;
  /** A switch down asked for and not yet made. */
  #switchingDown: { readonly layer: number; readonly atUnixMs: number } | undefined;
  #switchesDown = 0;

  constructor(options: {
    readonly consumer: FollowedConsumer;
    readonly producer: FollowedProducer;
    /** The layers the recording prefers (the top ones). */
    readonly preferred: types.ConsumerLayers;
    readonly onChange: (change: LayerChange) => void;
    readonly log: Logger;
    /**
     * When the recorder last saw its packet count grow (the continuity
     * monitor reads it every poll); undefined before the first packet.
     */
    readonly lastPacketUnixMs?: () => number | undefined;
    /** When it grew the time before that (a stall the latest growth ended lies between the two). */
    readonly previousPacketUnixMs?: () => number | undefined;
    readonly now?: () => number;
  }) {
    this.#lastPacketUnixMs = options.lastPacketUnixMs ?? (() => undefined);
    this.#previousPacketUnixMs = options.previousPacketUnixMs ?? (() => undefined);
    this.#consumer = options.consumer;
    this.#producer = options.producer;
    this.#preferred = options.preferred;
    this.#onChange = options.onChange;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
  }

  /** How many times the follower made mediasoup select again (for logs and tests). */
  get reselections(): number {
    return this.#reselections;
  }

  /** How many times the follower switched down from a layer that stopped arriving (for logs and tests). */
  get switchesDown(): number {
    return this.#switchesDown;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.check(), LAYER_CHECK_MS);
    this.#timer.unref();
    this.#outageTimer = setInterval(() => void this.checkOutage(), LAYER_OUTAGE_CHECK_MS);
    this.#outageTimer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    clearInterval(this.#outageTimer);
    this.#timer = undefined;
    this.#outageTimer = undefined;
  }

  /** A new file starts: its first layer is reported again. */
  segmentStarted(): void {
    this.#reported = null;
  }

  /** The consumer's `layerschange`: reports spatial changes (temporal ones do not change the picture size). */
  layersChanged(layers: types.ConsumerLayers | undefined): void {
    const spatialLayer = layers?.spatialLayer;
    const previous = this.#reported;
    if (previous !== null && spatialLayer === previous) return;
    this.#reported = spatialLayer;
    this.#behindSinceMs = undefined;
    this.#stalledSample = undefined;
    const now = this.#now();
    const rid = spatialLayer === undefined ? undefined : this.#producer.rtpParameters.encodings?.[spatialLayer]?.rid;
    const best = bestArrivingLayer(this.#producer.score, this.#preferred.spatialLayer);
    // Only a switch from one written layer to another ends a freeze inside the file (a new segment's first layer follows a gap).
    const stalledForMs =
      typeof previous !== 'number'
        ? undefined
        : freezeBeforeChangeMs(now, this.#lastPacketUnixMs(), this.#previousPacketUnixMs());
    this.#onChange({
      atUnixMs: now,
      spatialLayer,
      ...(layers?.temporalLayer === undefined ? {} : { temporalLayer: layers.temporalLayer }),
      ...(rid === undefined ? {} : { rid }),
      ...(best === undefined ? {} : { bestArriving: best }),
      ...(stalledForMs === undefined ? {} : { stalledForMs }),
    });
    const switching = this.#switchingDown;
    if (switching !== undefined && spatialLayer !== undefined && spatialLayer <= switching.layer) {
      void this.#preferTop('the switch down is made');
    }
  }

  /**
   * One look for the written layer having stopped (the timer calls it;
   * exported for tests). Never throws.
   */
  async checkOutage(): Promise<void> {
    const consumer = this.#consumer;
    const producer = this.#producer;
    if (consumer.closed || producer.closed || consumer.paused || producer.paused) {
      this.#stalledSample = undefined;
      return;
    }
    const now = this.#now();
    const switching = this.#switchingDown;
    if (switching !== undefined) {
      if (now - switching.atUnixMs >= LAYER_SWITCH_DOWN_TIMEOUT_MS) await this.#preferTop('no keyframe came');
      return;
    }
    const current = consumer.currentLayers?.spatialLayer;
    const lastPacket = this.#lastPacketUnixMs();
    if (
      current === undefined ||
      current === 0 ||
      lastPacket === undefined ||
      now - lastPacket < LAYER_OUTAGE_AFTER_MS / 2
    ) {
      this.#stalledSample = undefined;
      return;
    }
    let counts: Map<number, number>;
    try {
      counts = packetsPerLayer(await producer.getStats(), producer.rtpParameters.encodings);
    } catch (error: unknown) {
      if (!consumer.closed && !producer.closed) this.#log.warn('cannot read the layers that arrive', { error });
      return;
    }
    const sample = this.#stalledSample;
    // A new stall (or packets came in between): this read is the one the next compares with.
    if (sample === undefined || sample.lastPacketUnixMs !== lastPacket) {
      this.#stalledSample = { lastPacketUnixMs: lastPacket, counts };
      return;
    }
    if (now - lastPacket < LAYER_OUTAGE_AFTER_MS) return;
    if (now - lastPacket > LAYER_OUTAGE_MAX_MS) {
      this.#stalledSample = { lastPacketUnixMs: lastPacket, counts };
      return;
    }
    // The written layer itself must have stopped at the source; when it arrives again, mediasoup forwards it.
    if ((counts.get(current) ?? 0) > (sample.counts.get(current) ?? 0)) {
      this.#stalledSample = { lastPacketUnixMs: lastPacket, counts };
      return;
    }
    const lower = highestGrowingBelow(sample.counts, counts, current);
    // Nothing arrives at all (the participant's network): a gap for the continuity monitor, not a layer matter.
    if (lower === undefined) {
      this.#stalledSample = { lastPacketUnixMs: lastPacket, counts };
      return;
    }
    this.#stalledSample = undefined;
    this.#switchingDown = { layer: lower, atUnixMs: now };
    this.#switchesDown += 1;
    this.#log.info('the recorded layer stopped arriving; switching down', {
      from: current,
      to: lower,
      stalledForMs: now - lastPacket,
    });
    try {
      await consumer.setPreferredLayers({ spatialLayer: lower, temporalLayer: this.#preferred.temporalLayer });
    } catch (error: unknown) {
      this.#switchingDown = undefined;
      if (!consumer.closed && !producer.closed) this.#log.warn('cannot switch the recorded layer down', { error });
    }
  }

  /** Gives mediasoup the top preference back (it goes up again on the next keyframe of a better layer). */
  async #preferTop(why: string): Promise<void> {
    if (this.#switchingDown === undefined) return;
    this.#switchingDown = undefined;
    if (this.#consumer.closed) return;
    try {
      await this.#consumer.setPreferredLayers(this.#preferred);
    } catch (error: unknown) {
      if (!this.#consumer.closed && !this.#producer.closed)
        this.#log.warn('cannot prefer the top layer again', { error, why });
    }
  }

  /** One comparison (the timer calls it; exported for tests). Never throws. */
  async check(): Promise<void> {
    const consumer = this.#consumer;
    const producer = this.#producer;
    if (consumer.closed || producer.closed || consumer.paused || producer.paused || this.#switchingDown !== undefined) {
      this.#behindSinceMs = undefined;
      return;
    }
    const best = bestArrivingLayer(producer.score, this.#preferred.spatialLayer);
    // No layer written yet: mediasoup is waiting for the first keyframe, which selecting again would only delay.
    const current = consumer.currentLayers?.spatialLayer;
    if (best === undefined || current === undefined || current >= best) {
      this.#behindSinceMs = undefined;
      return;
    }
    const now = this.#now();
    if (this.#behindSinceMs === undefined) {
      this.#behindSinceMs = now;
      return;
    }
    if (now - this.#behindSinceMs < LAYER_RESELECT_AFTER_MS || now - this.#lastReselectMs < LAYER_RESELECT_AFTER_MS)
      return;
    this.#lastReselectMs = now;
    this.#reselections += 1;
    this.#log.info('recording consumer stays below the best arriving layer; selecting again', {
      current,
      best,
      reselections: this.#reselections,
    });
    try {
      // Only a change of preference makes mediasoup select again: step to the layer written, then back.
      await consumer.setPreferredLayers({
        spatialLayer: current,
        temporalLayer: this.#preferred.temporalLayer,
      });
      await consumer.setPreferredLayers(this.#preferred);
    } catch (error: unknown) {
      if (consumer.closed || producer.closed) return;
      this.#log.warn('cannot select the recorded layer again', { error });
    }
  }
}
