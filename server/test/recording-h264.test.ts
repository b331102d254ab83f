import { execFile } from 'node:child_process';
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR } from '../../tests/fixtures/sync-clip.ts';
import { probeMedia } from '../src/recording/probe.ts';
import { joinPeer, publish, readTiming, sleep, useRecordingHarness } from './helpers/recording.ts';

// The H.264 path end to end, as a WebKit client (Safari on iOS and macOS)
// publishes it: Constrained Baseline, packetization-mode 1, parameter sets in
// band before every keyframe. An ffmpeg sender copies a generated clip into a
// producer of the server's own router codecs (VP8 and H.264); the recorder
// must keep H.264 (Matroska, no transcoding) and every frame of it.

const run = promisify(execFile);
const FPS = 25;
const CLIP_SECONDS = 14;
const RECORD_MS = 6000;

/** A 320x240@25 H.264 (Constrained Baseline, keyframe every second) + Opus clip, generated once. */
async function ensureH264Clip(): Promise<string> {
  const target = join(GENERATED_DIR, `h264-baseline-${CLIP_SECONDS}s.mkv`);
  const ready = await stat(target).then(
    (info) => info.size > 0,
    () => false,
  );
  if (ready) return target;
  await mkdir(GENERATED_DIR, { recursive: true });
  const partial = `${target}.partial-${process.pid}.mkv`;
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=320x240:r=${FPS}:d=${CLIP_SECONDS}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${CLIP_SECONDS}`,
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-level',
    '3.1',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(FPS),
    '-bf',
    '0',
    // SPS/PPS before every keyframe, as browsers send them (the recorder's SDP carries none).
    '-x264-params',
    'repeat-headers=1',
    '-c:a',
    'libopus',
    '-ac',
    '2',
    partial,
  ]);
  await rename(partial, target);
  return target;
}

/** Frames a player decodes from the file's video, and whether it decoded without an error. */
async function decodeVideo(file: string): Promise<{ frames: number; errors: string }> {
  const { stdout, stderr } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-count_frames',
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'csv=p=0',
    file,
  ]);
  return { frames: Number(stdout.trim()), errors: stderr.trim() };
}

const h = useRecordingHarness({ durationS: 2 });

describe('recording an H.264 publisher', () => {
  it('keeps H.264 into a playable Matroska file with every frame and the right duration', async () => {
    const clip = await ensureH264Clip();
    const room = await h.openRoom(['VP8', 'H264']);
    const customer = joinPeer(room, 'customer-1', 'customer');
    joinPeer(room, 'agent-1', 'agent');
    const feed = await h.feed(room, {
      clipFile: clip,
      videoCodec: {
        mimeType: 'video/H264',
        parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
      },
    });
    publish(room, customer.peer, feed);
    const recording = h.recorder();
    await recording.giveConsent(room, 'customer-1', {
      consentTextVersion: 'kyc-2025-01',
      action: 'button:accept',
      locale: 'en',
    });

    const started = await recording.start(room, 'agent-1');
    const startedAt = Date.now();
    await sleep(RECORD_MS);
    const recordedMs = Date.now() - startedAt;
    expect(await recording.stop(room, 'agent-1')).toMatchObject({ state: 'complete' });

    if (started.recordingId === undefined) throw new Error('the recording has no id');
    const timing = await readTiming(h.store, room.sessionId, started.recordingId);
    expect(timing.complete).toBe(true);
    const video = timing.segments.find((segment) => segment.kind === 'video');
    expect(video).toMatchObject({ codec: { mimeType: 'video/H264' }, problem: null, repaired: false });
    expect(video?.file).toMatch(/\.mkv$/);
    const file = h.store.filePath(room.sessionId, video?.file ?? '');

    const probe = await probeMedia('ffprobe', file);
    expect(probe.streams).toEqual([{ codecType: 'video', codecName: 'h264', width: 320, height: 240 }]);
    // Starts at the first keyframe (one a second in the clip), ends at the stop.
    const durationMs = probe.durationMs ?? 0;
    expect(durationMs).toBeGreaterThan(recordedMs - 1200);
    expect(durationMs).toBeLessThan(recordedMs + 500);
    // Plays: every frame decodes, none is missing (25 fps over the file's duration, within 10 %).
    const decoded = await decodeVideo(file);
    expect(decoded.errors).toBe('');
    const expected = (durationMs / 1000) * FPS;
    expect(Math.abs(decoded.frames - expected) / expected).toBeLessThanOrEqual(0.1);
  });
});
