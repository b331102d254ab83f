import type { types } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.ts';
import {
  bestArrivingLayer,
  highestGrowingBelow,
  LAYER_OUTAGE_AFTER_MS,
  LAYER_OUTAGE_CHECK_MS,
  LAYER_OUTAGE_MAX_MS,
  LAYER_RESELECT_AFTER_MS,
  LAYER_SWITCH_DOWN_TIMEOUT_MS,
  freezeBeforeChangeMs,
  LayerFollower,
  packetsPerLayer,
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

/** A producer's `inbound-rtp` stat for one encoding, as mediasoup reports it (only what the follower reads matters). */
function inbound(rid: string, packetCount: number): types.ProducerStat {
  return {
    type: 'inbound-rtp',
    timestamp: 0,
    ssrc: 0,
    rid,
    kind: 'video',
    mimeType: 'video/VP8',
    packetsLost: 0,
    fractionLost: 0,
    jitter: 0,
    packetsDiscarded: 0,
    packetsRetransmitted: 0,
    packetsRepaired: 0,
    nackCount: 0,
    nackPacketCount: 0,
    pliCount: 0,
    firCount: 0,
    score: 10,
    packetCount,
    byteCount: packetCount * 1000,
    bitrate: 0,
    bitrateByLayer: {},
  };
}

function fixture(): {
  consumer: FollowedConsumer & { currentLayers: types.ConsumerLayers | undefined; calls: types.ConsumerLayers[] };
  producer: FollowedProducer & { score: types.ProducerScore[]; paused: boolean; counts: number[] };
  follower: LayerFollower;
  changes: LayerChange[];
  clock: { now: number; lastPacket: number | undefined; previousPacket?: number };
} {
  const clock: { now: number; lastPacket: number | undefined; previousPacket?: number } = {
    now: 0,
    lastPacket: undefined,
  };
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
    counts: [0, 0, 0],
    getStats(): Promise<types.ProducerStat[]> {
      return Promise.resolve(this.counts.map((count, index) => inbound(`r${String(index)}`, count)));
    },
  };
  const changes: LayerChange[] = [];
  const follower = new LayerFollower({
    consumer,
    producer,
    preferred: TOP,
    onChange: (change) => changes.push(change),
    log: silentLogger,
    lastPacketUnixMs: () => clock.lastPacket,
    previousPacketUnixMs: () => clock.previousPacket,
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

describe('packet counts per layer', () => {
  it('matches stats to encodings by RID, or by SSRC when the encodings have none', () => {
    const byRid = packetsPerLayer(
      [inbound('r1', 5), inbound('r0', 9), inbound('x', 3)],
      [{ rid: 'r0' }, { rid: 'r1' }],
    );
    expect([...byRid]).toEqual([
      [1, 5],
      [0, 9],
    ]);
    const bySsrc = packetsPerLayer([{ ...inbound('', 7), rid: undefined, ssrc: 22 }], [{ ssrc: 11 }, { ssrc: 22 }]);
    expect([...bySsrc]).toEqual([[1, 7]]);
  });

  it('finds the highest layer below the written one that grew', () => {
    const before = new Map([
      [0, 10],
      [1, 10],
      [2, 10],
    ]);
    expect(
      highestGrowingBelow(
        before,
        new Map([
          [0, 11],
          [1, 12],
          [2, 10],
        ]),
        2,
      ),
    ).toBe(1);
    expect(
      highestGrowingBelow(
        before,
        new Map([
          [0, 11],
          [1, 10],
          [2, 10],
        ]),
        2,
      ),
    ).toBe(0);
    expect(
      highestGrowingBelow(
        before,
        new Map([
          [0, 10],
          [1, 10],
          [2, 30],
        ]),
        2,
      ),
    ).toBeUndefined();
  });
});

describe('LayerFollower when the written layer stops arriving', () => {
  /** Writes layer 2 with packets flowing, then layer 2 stops at `stopAt` while layers 0 and 1 go on. */
  function writingTop(): ReturnType<typeof fixture> & { tick: (topFlows: boolean) => Promise<void> } {
    const setup = fixture();
    setup.consumer.currentLayers = { spatialLayer: 2, temporalLayer: 2 };
    setup.producer.score = [score(0, 10), score(1, 10), score(2, 10)];
    setup.follower.layersChanged(setup.consumer.currentLayers);
    const tick = async (topFlows: boolean): Promise<void> => {
      setup.clock.now += LAYER_OUTAGE_CHECK_MS;
      setup.producer.counts = setup.producer.counts.map((count, layer) => (layer < 2 || topFlows ? count + 8 : count));
      if (topFlows) setup.clock.lastPacket = setup.clock.now;
      await setup.follower.checkOutage();
    };
    return { ...setup, tick };
  }

  it('prefers the highest lower layer that arrives, then the top again once the switch is made', async () => {
    const { consumer, follower, changes, clock, tick } = writingTop();
    for (let i = 0; i < 8; i += 1) await tick(true);
    expect(consumer.calls).toEqual([]);
    const stoppedAt = clock.now;
    while (clock.now - stoppedAt < LAYER_OUTAGE_AFTER_MS) await tick(false);
    // One more look: the stall is long enough and layer 1 grew between the two reads.
    await tick(false);
    expect(consumer.calls).toEqual([{ spatialLayer: 1, temporalLayer: 3 }]);
    expect(follower.switchesDown).toBe(1);
    // While the switch is pending, nothing else is asked.
    await tick(false);
    expect(consumer.calls).toHaveLength(1);
    clock.now += 60; // the keyframe of layer 1
    consumer.currentLayers = { spatialLayer: 1, temporalLayer: 2 };
    follower.layersChanged(consumer.currentLayers);
    await Promise.resolve();
    expect(consumer.calls).toEqual([{ spatialLayer: 1, temporalLayer: 3 }, TOP]);
    expect(changes.at(-1)).toMatchObject({ spatialLayer: 1, rid: 'r1', stalledForMs: clock.now - stoppedAt });
  });

  it('leaves a stall alone when no lower layer arrives either (a network gap) or the consumer writes the lowest layer', async () => {
    const { consumer, producer, follower, clock, tick } = writingTop();
    await tick(true);
    for (let i = 0; i < 10; i += 1) {
      clock.now += LAYER_OUTAGE_CHECK_MS;
      await follower.checkOutage(); // no count grows at all
    }
    expect(consumer.calls).toEqual([]);
    consumer.currentLayers = { spatialLayer: 0, temporalLayer: 2 };
    for (let i = 0; i < 10; i += 1) {
      clock.now += LAYER_OUTAGE_CHECK_MS;
      producer.counts = producer.counts.map((count) => count + 8);
      await follower.checkOutage();
    }
    expect(consumer.calls).toEqual([]);
    expect(follower.switchesDown).toBe(0);
  });

  it('leaves the layers to mediasoup when the written layer arrives again, or after a whole-stream outage', async () => {
    const { consumer, producer, follower, clock, tick } = writingTop();
    await tick(true);
    // Every layer arrives at the source again (the recorder's count is read late): no switch.
    for (let i = 0; i < 6; i += 1) {
      clock.now += LAYER_OUTAGE_CHECK_MS;
      producer.counts = producer.counts.map((count) => count + 8);
      await follower.checkOutage();
    }
    expect(consumer.calls).toEqual([]);
    // Nothing at all for longer than mediasoup's inactivity window, then the lower layers come back first.
    clock.now += LAYER_OUTAGE_MAX_MS;
    for (let i = 0; i < 6; i += 1) {
      clock.now += LAYER_OUTAGE_CHECK_MS;
      producer.counts = producer.counts.map((count, layer) => (layer < 2 ? count + 8 : count));
      await follower.checkOutage();
    }
    expect(consumer.calls).toEqual([]);
    expect(follower.switchesDown).toBe(0);
  });

  it('gives the top preference back when the lower layer sends no keyframe in time', async () => {
    const { consumer, clock, tick } = writingTop();
    await tick(true);
    const stoppedAt = clock.now;
    while (clock.now - stoppedAt <= LAYER_OUTAGE_AFTER_MS + LAYER_OUTAGE_CHECK_MS) await tick(false);
    expect(consumer.calls).toEqual([{ spatialLayer: 1, temporalLayer: 3 }]);
    const askedAt = clock.now;
    while (clock.now - askedAt < LAYER_SWITCH_DOWN_TIMEOUT_MS) await tick(false);
    expect(consumer.calls).toEqual([{ spatialLayer: 1, temporalLayer: 3 }, TOP]);
  });

  it('reports the freeze when the first packets of the new layer were counted before mediasoup reported the switch', () => {
    const { follower, changes, clock } = fixture();
    follower.layersChanged({ spatialLayer: 1, temporalLayer: 0 });
    // The written layer stopped at 1000; the lower one's first packets were counted at 1650, the change came at 1700.
    clock.previousPacket = 1000;
    clock.lastPacket = 1650;
    clock.now = 1700;
    follower.layersChanged({ spatialLayer: 0, temporalLayer: 0 });
    expect(changes.at(-1)).toMatchObject({ spatialLayer: 0, stalledForMs: 650 });
  });

  it('tells a freeze from the ordinary gap between two polls', () => {
    // Still standing when the change comes: the freeze lasts until now.
    expect(freezeBeforeChangeMs(2000, 1500, 1250)).toBe(500);
    // Ended by the first packets of the new layer, counted before the change was reported: the stall between.
    expect(freezeBeforeChangeMs(2000, 1700, 1000)).toBe(700);
    // Packets flowed (two growths one poll apart): no freeze.
    expect(freezeBeforeChangeMs(2000, 1900, 1900 - LAYER_OUTAGE_CHECK_MS)).toBeUndefined();
    expect(freezeBeforeChangeMs(2000, 1900, undefined)).toBeUndefined();
    expect(freezeBeforeChangeMs(2000, undefined, undefined)).toBeUndefined();
  });

  it('does not report a stall for the first layer of a new segment', () => {
    const { follower, changes, clock } = fixture();
    clock.lastPacket = 0;
    clock.now = 5000;
    follower.segmentStarted();
    follower.layersChanged({ spatialLayer: 0, temporalLayer: 0 });
    expect(changes.at(-1)).not.toHaveProperty('stalledForMs');
  });
});
