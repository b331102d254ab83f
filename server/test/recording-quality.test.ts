import type { NotificationData, TrackCoverage } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { probeVideoQuality } from '../src/recording/probe.ts';
import {
  joinPeer,
  publish,
  readTiming,
  sleep,
  useRecordingHarness,
  waitFor,
  type RecordingLink,
} from './helpers/recording.ts';

// Recorded at the quality captured: a 640×480 camera is recorded at 640×480
// (checked with ffprobe on the file), its size and frame rate are in the
// timing summary and in the live coverage, and a recording below the
// configured minimum is flagged live and in the package.

const h = useRecordingHarness({ durationS: 8, width: 640, height: 480 });

function cameraCoverage(link: RecordingLink): TrackCoverage | undefined {
  return link.notifications
    .filter((entry) => entry.name === 'recordingStatus')
    .flatMap((entry) => (entry.data as NotificationData<'recordingStatus'>).coverage ?? [])
    .findLast((entry) => entry.source === 'camera' && entry.width !== undefined);
}

describe('recorded quality', () => {
  it.each([
    { minCustomerHeight: 480, belowMinimum: false },
    { minCustomerHeight: 720, belowMinimum: true },
  ])(
    'records a 640×480 camera at 640×480 (minimum $minCustomerHeight)',
    async ({ minCustomerHeight, belowMinimum }) => {
      const room = await h.openRoom();
      const customer = joinPeer(room, 'customer-1', 'customer');
      const agent = joinPeer(room, 'agent-1', 'agent');
      const clip = await h.feed(room, { loop: true });
      publish(room, customer.peer, clip);
      const recording = h.recorder({ consentPolicy: 'external', minCustomerHeight });
      const { recordingId } = await recording.start(room, 'agent-1');
      // The agent sees the recorded size live.
      const live = await waitFor(() => cameraCoverage(agent.link));
      expect(live).toMatchObject({ width: 640, height: 480, belowMinimum });
      expect(live.frameRate ?? 0).toBeGreaterThan(20);
      await sleep(1500);
      await recording.stop(room, 'agent-1');

      const timing = await readTiming(h.store, room.sessionId, recordingId ?? '');
      const camera = timing.segments.find((segment) => segment.kind === 'video');
      expect(camera).toMatchObject({ width: 640, height: 480, belowMinimum });
      expect(camera?.frameRate ?? 0).toBeGreaterThan(20);
      expect(camera?.frameRate ?? Infinity).toBeLessThan(30);
      expect(camera?.sent?.frameRate ?? 0).toBeGreaterThan(20);
      const probed = await probeVideoQuality('ffprobe', h.store.filePath(room.sessionId, camera?.playableFile ?? ''));
      expect(probed).toMatchObject({ width: 640, height: 480 });
      const quality = ((await h.store.evidence.readEvents(room.sessionId)) ?? []).filter(
        (entry) => entry.type === 'recording.track.quality',
      );
      expect(quality.map((entry) => [entry.data['width'], entry.data['height'], entry.data['belowMinimum']])).toEqual([
        [640, 480, belowMinimum],
      ]);
    },
  );
});
