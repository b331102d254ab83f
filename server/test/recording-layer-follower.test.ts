import type { types } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.ts';
import {
  bestArrivingLayer,
  LAYER_RESELECT_AFTER_MS,
  LayerFollower,
  type FollowedConsumer,
  type FollowedProducer,
  type LayerChange,
} from '../src/recording/layer-follower.ts';

// Unit test of the follower's decisions with a stand-in consumer and producer
// (isolated on purpose: the real mediasoup behaviour is covered by the Firefox
// and Chromium end-to-end suites, which check the recorded picture size).

const TOP: types.ConsumerLayers = { spatialLayer: 2, temporalLayer: 3 };

function score(encodingIdx: number, value: number): types.ProducerScore {
  return { encodingIdx, ssrc: 1000 + encodingIdx, rid: `r${encodingIdx}`, score: value };
}

function fixture(): {
  consumer: FollowedConsumer & { currentLayers: types.ConsumerLayers | undefined; calls: types.ConsumerLayers[] };
  producer: FollowedProducer & { score: types.ProducerScore[]; paused: boolean };
  follower: LayerFollower;
  changes: LayerChange[];
  clock: { now: number };
} {
  const clock = { now: 0 };
  const calls: types.ConsumerLayers[] = [];
  const consumer = {
    closed: false,
    paused: false,
    currentLayers: { spatialLayer: 0, temporalLayer: 1 } as types.ConsumerLayers | undefined,
    calls,
    setPreferredLayers: (layers: types.ConsumerLayers): Promise<void> => {
      calls.push(layers);
      return Promise.resolve();
    },
  };
  const producer = {
    closed: false,
    paused: false,
    score: [score(0, 10), score(1, 10), score(2, 0)],
    rtpParameters: { codecs: [], encodings: [{ rid: 'r0' }, { rid: 'r1' }, { rid: 'r2' }] },
  };
  const changes: LayerChange[] = [];
  const follower = new LayerFollower({
    consumer,
    producer,
    preferred: TOP,
    onChange: (change) => changes.push(change),
    log: silentLogger,
    now: () => clock.now,
  });
  return { consumer, producer, follower, changes, clock };
}

describe('bestArrivingLayer', () => {
  it('is the highest encoding with a score above 0, within the preferred layer', () => {
    expect(bestArrivingLayer([score(0, 10), score(1, 3), score(2, 0)], 2)).toBe(1);
    expect(bestArrivingLayer([score(2, 10), score(0, 10)], 1)).toBe(0);
    expect(bestArrivingLayer([score(0, 0)], 2)).toBeUndefined();
  });
});

describe('LayerFollower', () => {
  it('selects again when a better layer arrives but is not taken, then steps back to the top preference', async () => {
    const { consumer, follower, clock } = fixture();
    await follower.check(); // behind since 0
    clock.now = LAYER_RESELECT_AFTER_MS - 1;
    await follower.check();
    expect(consumer.calls).toEqual([]);
    clock.now = LAYER_RESELECT_AFTER_MS;
    await follower.check();
    expect(consumer.calls).toEqual([{ spatialLayer: 0, temporalLayer: 3 }, TOP]);
    expect(follower.reselections).toBe(1);
    // Not again before the interval has passed, however often it checks.
    clock.now += 1;
    await follower.check();
    expect(follower.reselections).toBe(1);
  });

  it('leaves a consumer alone that writes the best layer arriving, waits for its first keyframe, or is paused', async () => {
    const { consumer, producer, follower, clock } = fixture();
    consumer.currentLayers = { spatialLayer: 1, temporalLayer: 1 };
    for (clock.now = 0; clock.now < 5 * LAYER_RESELECT_AFTER_MS; clock.now += 500) await follower.check();
    consumer.currentLayers = undefined;
    for (; clock.now < 10 * LAYER_RESELECT_AFTER_MS; clock.now += 500) await follower.check();
    consumer.currentLayers = { spatialLayer: 0, temporalLayer: 1 };
    producer.paused = true;
    for (; clock.now < 15 * LAYER_RESELECT_AFTER_MS; clock.now += 500) await follower.check();
    expect(consumer.calls).toEqual([]);
  });

  it('reports spatial changes with the RID and the best arriving layer, not temporal ones', () => {
    const { follower, changes, clock } = fixture();
    clock.now = 7;
    follower.layersChanged({ spatialLayer: 0, temporalLayer: 0 });
    follower.layersChanged({ spatialLayer: 0, temporalLayer: 1 });
    follower.layersChanged({ spatialLayer: 1, temporalLayer: 1 });
    follower.layersChanged(undefined);
    follower.segmentStarted();
    follower.layersChanged(undefined);
    expect(changes).toEqual([
      { atUnixMs: 7, spatialLayer: 0, temporalLayer: 0, rid: 'r0', bestArriving: 1 },
      { atUnixMs: 7, spatialLayer: 1, temporalLayer: 1, rid: 'r1', bestArriving: 1 },
      { atUnixMs: 7, spatialLayer: undefined, bestArriving: 1 },
      { atUnixMs: 7, spatialLayer: undefined, bestArriving: 1 },
    ]);
  });
});
