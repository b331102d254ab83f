import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AirError } from '@aircounter/protocol';
import { probeMedia } from '../src/recording/probe.ts';
import { createLogger } from '../src/log.ts';
import { readRecordedFile } from '../src/recording/read-recorded.ts';
import { RecordedFileReaders } from '../src/recording/recorded-file-readers.ts';
import { runProcess } from '../src/recording/run-process.ts';

// The in-process reader that summarizes recorded files when a recording is
// sealed, checked against ffprobe (what summarized them before) on real files
// written by ffmpeg in each container and codec the recorder writes, a file
// ffmpeg was killed while writing, and files that are not media.

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aircounter-read-recorded-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function encode(name: string, args: readonly string[]): Promise<string> {
  const file = join(dir, name);
  const result = await runProcess('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, file]);
  expect(result.code, result.stderr).toBe(0);
  return file;
}

const VIDEO = ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-t', '6'];
const AUDIO = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '6'];

describe('reading a recorded file in process', () => {
  it.each([
    ['VP8 in WebM', 'vp8.webm', [...VIDEO, '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '400k']],
    ['VP9 in WebM', 'vp9.webm', [...VIDEO, '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8']],
    ['Opus in WebM', 'opus.webm', [...AUDIO, '-c:a', 'libopus']],
    ['H.264 in Matroska', 'h264.mkv', [...VIDEO, '-c:v', 'libx264', '-preset', 'ultrafast']],
  ])('%s: the same streams, packets and duration as ffprobe', async (_label, name, args) => {
    const file = await encode(name, args);
    const ours = await readRecordedFile(file);
    const ffprobe = await probeMedia('ffprobe', file);
    expect(ours.streams).toEqual(ffprobe.streams);
    expect(ours.packets).toBe(ffprobe.packets);
    expect(ours.packets).toBeGreaterThan(100);
    expect(ours.durationMs).toBeDefined();
    expect(ours.durationMs).toBeCloseTo(ffprobe.durationMs ?? Number.NaN, 3);
  });

  it('a file ffmpeg was killed while writing has no stated duration: its end is where its packets end', async () => {
    const file = join(dir, 'killed.webm');
    const ffmpeg = spawn('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      ...VIDEO.slice(0, 4),
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-lag-in-frames',
      '0',
      '-cluster_time_limit',
      '250',
      '-flush_packets',
      '1',
      file,
    ]);
    const exited = new Promise<void>((resolve) => ffmpeg.once('exit', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 3500));
    ffmpeg.kill('SIGKILL');
    await exited;
    const ours = await readRecordedFile(file);
    const ffprobe = await probeMedia('ffprobe', file);
    expect(ours.durationMs).toBeUndefined();
    expect(ffprobe.durationMs).toBeUndefined();
    expect(ours.packets).toBeGreaterThan(10);
    // ffprobe also counts the frames of a cluster cut short; the reader keeps whole clusters only.
    expect(ours.packets).toBeLessThanOrEqual(ffprobe.packets);
    expect(ours.packets).toBeGreaterThanOrEqual(ffprobe.packets - 10);
    expect(ours.firstPtsMs).toBe(ffprobe.firstPtsMs);
    expect(Math.abs((ours.endMs ?? 0) - (ffprobe.endMs ?? 0))).toBeLessThanOrEqual(10 * 40);
  });

  it('refuses what is not a recording with RECORDING_FAILED, naming the file but not its folder', async () => {
    const junk = join(dir, 'junk.webm');
    await writeFile(junk, Buffer.alloc(4096, 7));
    const missing = join(dir, 'missing.webm');
    for (const file of [junk, missing]) {
      const error = await readRecordedFile(file).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AirError);
      expect((error as AirError).code).toBe('RECORDING_FAILED');
      expect((error as AirError).message).toContain(file.slice(dir.length + 1));
      expect((error as AirError).message).not.toContain(dir);
    }
  });
});

describe('reading recorded files in reader threads', () => {
  it('gives the summary read in process, refuses junk the same way, and reads in process once closed', async () => {
    const readers = new RecordedFileReaders({ log: createLogger({ level: 'silent' }), size: 2 });
    readers.warmUp();
    try {
      const files = await Promise.all([
        encode('threads-vp8.webm', [...VIDEO, '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '400k']),
        encode('threads-opus.webm', [...AUDIO, '-c:a', 'libopus']),
      ]);
      for (const file of files) expect(await readers.read(file)).toEqual(await readRecordedFile(file));
      const junk = join(dir, 'threads-junk.webm');
      await writeFile(junk, Buffer.alloc(4096, 7));
      const error = await readers.read(junk).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AirError);
      expect(error).toMatchObject({ code: 'RECORDING_FAILED' });
      expect((error as AirError).message).toContain('threads-junk.webm');
      expect((error as AirError).message).not.toContain(dir);
      // A shutdown closes the threads while recordings may still be finished: their files are still read.
      await readers.close();
      const [first] = files;
      expect(await readers.read(first ?? '')).toEqual(await readRecordedFile(first ?? ''));
    } finally {
      await readers.close();
    }
  });
});
