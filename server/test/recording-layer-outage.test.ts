import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';
import { LAYER_OUTAGE_AFTER_MS } from '../src/recording/layer-follower.ts';
import { RecordingService } from '../src/recording/service.ts';
import {
  joinPeer,
  newRoom,
  readTiming,
  recordingSettings,
  sleep,
  useRecordingHarness,
  waitFor,
} from './recording-fixtures.ts';
import { feedSimulcast, type SimulcastFeed } from './simulcast-feed.ts';

// A browser drops the simulcast layer being recorded (bandwidth, CPU) and adds
// it back: with a real worker and a live two-layer VP8 feed, the recorder
// switches down as soon as the written layer stops (not after mediasoup's own
// inactivity timeout), says in the evidence how long the picture stood still,
// and goes back up when the layer returns.

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
  it('switches down at once, reports the freeze it measured, and goes back up when the layer returns', async () => {
    const room = await newRoom(h.media);
    await h.store.evidence.openSession(room.sessionId);
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
      const layers = async (): Promise<Record<string, unknown>[]> =>
        ((await h.store.evidence.readEvents(room.sessionId)) ?? [])
          .filter((entry) => entry.type === 'recording.track.layer')
          .map((entry) => entry.data as Record<string, unknown>);
      const layerAt = (index: number, after: number) => async () => {
        const found = (await layers()).slice(after).find((layer) => layer['spatialLayer'] === index);
        return found;
      };

      await waitFor(layerAt(1, 0), 15_000);
      await sleep(1500);
      const before = (await layers()).length;
      feed.drop(1, true);
      const down = await waitFor(layerAt(0, before), 8_000);
      await sleep(1000);
      const beforeUp = (await layers()).length;
      feed.drop(1, false);
      await waitFor(layerAt(1, beforeUp), 15_000);
      await sleep(1000);
      const stopped = await recording.stop(room, 'agent-1');

      // The follower switched (not mediasoup after declaring the stream inactive).
      expect(logLines.some((line) => line.includes('the recorded layer stopped arriving; switching down'))).toBe(true);
      const stalledForMs = down['stalledForMs'];
      if (typeof stalledForMs !== 'number') throw new Error(`no stall reported: ${JSON.stringify(down)}`);
      expect(stalledForMs).toBeGreaterThanOrEqual(LAYER_OUTAGE_AFTER_MS);

      // The freeze the evidence states is the one in the file (to within the monitor's poll and a frame).
      const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
      const camera = timing.segments.find((segment) => segment.source === 'camera');
      if (camera?.playableFile == null) throw new Error('no playable camera file');
      const times = await frameTimesMs(h.store.filePath(room.sessionId, camera.playableFile));
      const longest = Math.max(...times.slice(1).map((time, index) => time - (times[index] ?? time)));
      console.info(`layer outage: picture stood still ${longest.toFixed(0)} ms in the file, ${stalledForMs} ms stated`);
      expect(Math.abs(longest - stalledForMs)).toBeLessThanOrEqual(350);
      // Below the stall threshold: a freeze on the chain, not a gap; the recording stays whole.
      expect(timing.gaps).toEqual([]);
      expect(stopped.state).toBe('complete');
    } finally {
      await feed?.stop();
      room.close('test over');
    }
  });
});
