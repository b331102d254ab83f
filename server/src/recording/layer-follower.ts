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

/** The layer written to the file changed (`spatialLayer` undefined: none is written). */
export interface LayerChange {
  readonly atUnixMs: number;
  readonly spatialLayer: number | undefined;
  readonly temporalLayer?: number;
  readonly rid?: string;
  /** The best encoding arriving at the server at that moment, if any. */
  readonly bestArriving?: number;
}

/** What the follower reads of the recording consumer (a unit test can stand in for it). */
export type FollowedConsumer = Pick<types.Consumer, 'closed' | 'paused' | 'currentLayers' | 'setPreferredLayers'>;
/** What the follower reads of the recorded producer. */
export type FollowedProducer = Pick<types.Producer, 'closed' | 'paused' | 'score' | 'rtpParameters'>;

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

  constructor(options: {
    readonly consumer: FollowedConsumer;
    readonly producer: FollowedProducer;
    /** The layers the recording prefers (the top ones). */
    readonly preferred: types.ConsumerLayers;
    readonly onChange: (change: LayerChange) => void;
    readonly log: Logger;
    readonly now?: () => number;
  }) {
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

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.check(), LAYER_CHECK_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** A new file starts: its first layer is reported again. */
  segmentStarted(): void {
    this.#reported = null;
  }

  /** The consumer's `layerschange`: reports spatial changes (temporal ones do not change the picture size). */
  layersChanged(layers: types.ConsumerLayers | undefined): void {
    const spatialLayer = layers?.spatialLayer;
    if (this.#reported !== null && spatialLayer === this.#reported) return;
    this.#reported = spatialLayer;
    this.#behindSinceMs = undefined;
    const rid = spatialLayer === undefined ? undefined : this.#producer.rtpParameters.encodings?.[spatialLayer]?.rid;
    const best = bestArrivingLayer(this.#producer.score, this.#preferred.spatialLayer);
    this.#onChange({
      atUnixMs: this.#now(),
      spatialLayer,
      ...(layers?.temporalLayer === undefined ? {} : { temporalLayer: layers.temporalLayer }),
      ...(rid === undefined ? {} : { rid }),
      ...(best === undefined ? {} : { bestArriving: best }),
    });
  }

  /** One comparison (the timer calls it; exported for tests). Never throws. */
  async check(): Promise<void> {
    const consumer = this.#consumer;
    const producer = this.#producer;
    if (consumer.closed || producer.closed || consumer.paused || producer.paused) {
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
