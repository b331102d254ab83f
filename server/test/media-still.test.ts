import { AirError } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { readArtifact } from '../src/evidence/artifacts.ts';
import { StillGrabber, type StillSettings } from '../src/media/still.ts';
import { runProcess } from '../src/recording/run-process.ts';
import { joinPeer, newRecordingService, newRoom, publish, testLog, useRecordingHarness } from './helpers/recording.ts';

// Stills taken by the server from a live producer: a real mediasoup worker, a
// clip played into it by ffmpeg, the server's ffmpeg decoding one frame.

const WIDTH = 640;
const HEIGHT = 360;
const h = useRecordingHarness({ durationS: 6, width: WIDTH, height: HEIGHT });

function grabber(settings: Partial<StillSettings> = {}): {
  stills: StillGrabber;
  recording: ReturnType<typeof newRecordingService>;
} {
  const recording = h.recorder();
  const stills = new StillGrabber({
    evidence: h.store.evidence,
    recording,
    settings: { maxPerSession: 5, timeoutMs: 10_000, ...settings },
    log: testLog,
  });
  return { stills, recording };
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error: unknown) {
    if (error instanceof AirError) return error.code;
    throw error;
  }
  throw new Error('expected the still to be refused');
}

describe('stills from a live camera', () => {
  it('takes a JPEG of the producer’s size, kept as a still artifact, and releases its port pair', async () => {
    const room = await newRoom(h.media);
    const customer = joinPeer(room, 'customer-1', 'customer');
    const feed = await h.feed(room, { loop: true });
    publish(room, customer.peer, feed);
    const { stills, recording } = grabber();

    const still = await stills.take(room, 'customer-1');

    expect(still).toMatchObject({ peerId: 'customer-1', width: WIDTH, height: HEIGHT });
    expect(still.artifact).toMatchObject({ kind: 'still', mediaType: 'image/jpeg' });
    expect(still.artifact.name).toBe(`still-${still.artifact.sha256}.jpg`);
    const bytes = await readArtifact(h.store.evidence, room.sessionId, still.artifact);
    expect(bytes?.byteLength).toBe(still.artifact.size);
    // An independent decoder reads the stored file and finds the producer's size.
    const probe = await runProcess('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'json',
      h.store.filePath(room.sessionId, still.artifact.name),
    ]);
    expect(probe.code).toBe(0);
    expect(JSON.parse(probe.stdout)).toMatchObject({
      streams: [{ codec_name: 'mjpeg', width: WIDTH, height: HEIGHT }],
    });
    expect(recording.ports.inUse).toBe(0);
    room.close('test-ended');
  });

  it('refuses a still beyond the per-session limit, counting the stills the evidence keeps', async () => {
    const room = await newRoom(h.media);
    const customer = joinPeer(room, 'customer-1', 'customer');
    const feed = await h.feed(room, { loop: true });
    publish(room, customer.peer, feed);
    const { stills } = grabber({ maxPerSession: 1 });
    await stills.take(room, 'customer-1');

    expect(await codeOf(stills.take(room, 'customer-1'))).toBe('STILL_LIMIT_REACHED');
    // A second grabber (another node, a restart) sees the same stored still.
    expect(await codeOf(grabber({ maxPerSession: 1 }).stills.take(room, 'customer-1'))).toBe('STILL_LIMIT_REACHED');
    room.close('test-ended');
  });

  it('refuses a participant without a camera, and gives up on a camera that sends nothing', async () => {
    const room = await newRoom(h.media);
    const customer = joinPeer(room, 'customer-1', 'customer');
    joinPeer(room, 'agent-1', 'agent');
    // The producers exist, but their sender is gone before the still's consumer exists.
    const silent = await h.feed(room);
    silent.process.kill('SIGKILL');
    publish(room, customer.peer, silent);
    const { stills, recording } = grabber({ timeoutMs: 1500 });

    expect(await codeOf(stills.take(room, 'agent-1'))).toBe('STILL_FAILED');
    expect(await codeOf(stills.take(room, 'nobody'))).toBe('STILL_FAILED');
    expect(await codeOf(stills.take(room, 'customer-1'))).toBe('STILL_FAILED');
    expect(recording.ports.inUse).toBe(0);
    expect((await h.store.evidence.store.list(room.sessionId)).filter((f) => f.name.startsWith('still-'))).toEqual([]);
    room.close('test-ended');
  });
});
