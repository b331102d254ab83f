import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';
import { LAYER_OUTAGE_AFTER_MS } from '../src/recording/layer-follower.ts';
import { RecordingService } from '../src/recording/service.ts';
import { joinPeer, readTiming, recordingSettings, sleep, useRecordingHarness, waitFor } from './helpers/recording.ts';
import { feedSimulcast, type SimulcastFeed } from './simulcast-feed.ts';

// A browser drops the simulcast layer being recorded (bandwidth, CPU) and adds
// it back: with a real worker and a two-layer VP8 feed sent as a browser sends
// it (simulcast-feed.ts), the recorder switches down when the written layer
// stops (not after mediasoup's own inactivity timeout, unless a starved
// machine delays the follower), says in the evidence how long the picture
// stood still, and goes back up when the layer returns.

const h = useRecordingHarness({ durationS: 2 });
const run = promisify(execFile);

/** Presentation times (ms) of every video frame of a file. */
async function frameTimesMs(file: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'frame=pts_time',
    '-of',
    'csv=p=0',
    file,
  ]);
  return stdout
    .split('\n')
    .map((line) => Number.parseFloat(line))
    .filter((value) => Number.isFinite(value))
    .map((seconds) => seconds * 1000);
}

describe('the recorded simulcast layer stops arriving', () => {
  it('switches down when the written layer stops, states the freeze, and goes back up when the layer returns', async () => {
    const room = await h.openRoom();
    const customer = joinPeer(room, 'customer-1', 'customer');
    let feed: SimulcastFeed | undefined;
    const logLines: string[] = [];
    const recording = new RecordingService({
      evidence: h.store.evidence,
      settings: recordingSettings({ consentPolicy: 'external' }),
      log: createLogger({ level: 'info', write: (line) => logLines.push(line) }),
    });
    try {
      feed = await feedSimulcast(room.router);
      room.addProducer(customer.peer, feed.producer, 'camera');
      const { recordingId } = await recording.start(room, 'agent-1');
      const layers = async () =>
        ((await h.store.evidence.readEvents(room.sessionId)) ?? []).filter(
          (entry) => entry.type === 'recording.track.layer',
        );
      const layerAt = (index: number, after: number) => async () =>
        (await layers()).slice(after).find((entry) => entry.data['spatialLayer'] === index);

      await waitFor(layerAt(1, 0), 30_000);
      await sleep(1500);
      const before = (await layers()).length;
      feed.drop(1, true);
      const downEntry = await waitFor(layerAt(0, before), 20_000);
      const down = downEntry.data;
      const downAt = downEntry.mediaTimeMs;
      if (typeof downAt !== 'number') throw new Error('the switch has no media time');
      await sleep(1000);
      const beforeUp = (await layers()).length;
      feed.drop(1, false);
      await waitFor(layerAt(1, beforeUp), 30_000);
      await sleep(1000);
      const stopped = await recording.stop(room, 'agent-1');

      // Who switched is a matter of timing (the follower's decision is unit-tested): on a quiet machine the
      // follower, well before mediasoup's 1.5 s inactivity; on a starved one mediasoup may come first.
      const byFollower = logLines.some((line) => line.includes('the recorded layer stopped arriving; switching down'));
      console.info(`layer outage: switched down by ${byFollower ? 'the follower' : 'mediasoup'}`);
      const stalledForMs = down['stalledForMs'];
      if (typeof stalledForMs !== 'number') throw new Error(`no stall reported: ${JSON.stringify(down)}`);
      expect(stalledForMs).toBeGreaterThanOrEqual(LAYER_OUTAGE_AFTER_MS);

      // The evidence states the freeze to within the monitor's poll: no gap between frames of the file around
      // the switch (its media time in the file, give or take 2 s) is longer than the freeze stated, plus a poll
      // and a frame.
      const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
      const camera = timing.segments.find((segment) => segment.source === 'camera');
      if (camera?.playableFile == null || camera.startMs === null) throw new Error('no playable camera file');
      const times = await frameTimesMs(h.store.filePath(room.sessionId, camera.playableFile));
      const switchedAt = downAt - camera.startMs;
      const from = switchedAt - 2000;
      const to = switchedAt + 2000;
      const around = times
        .slice(1)
        .map((time, index) => ({ at: time, gap: time - (times[index] ?? time) }))
        .filter((frame) => frame.at >= from && frame.at <= to);
      const frozen = Math.max(0, ...around.map((frame) => frame.gap));
      console.info(
        `layer outage: longest still picture around the switch ${frozen.toFixed(0)} ms, ${stalledForMs} ms stated`,
      );
      expect(around.length).toBeGreaterThan(0);
      // One poll interval (the last count that grew is read up to one poll late) and a frame.
      expect(frozen).toBeLessThanOrEqual(stalledForMs + 250 + 40);
      // Below the stall threshold: a freeze on the chain, not a gap; the recording stays whole.
      expect(timing.gaps).toEqual([]);
      expect(stopped.state).toBe('complete');
    } finally {
      await feed?.stop();
      room.close('test over');
    }
  });
});
