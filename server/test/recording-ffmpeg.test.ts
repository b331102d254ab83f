import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegRecording } from '../src/recording/ffmpeg.ts';
import { RtpPortAllocator } from '../src/recording/ports.ts';
import { probeMedia } from '../src/recording/probe.ts';
import { buildRecordingSdp } from '../src/recording/sdp.ts';
import { recordingSettings } from './helpers/recording.ts';

// The recorder's ffmpeg on its own, fed RTP by hand: the BYE that ends a file
// cleanly, and the sequence gaps it reports as missed packets.

let dir: string;
const ports = new RtpPortAllocator({ min: recordingSettings().portMin + 200, max: recordingSettings().portMin + 259 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aircounter-ffmpeg-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An Opus RTP packet holding one 20 ms CELT silence frame. */
function opusPacket(sequence: number, ssrc: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt8(0x80, 0);
  header.writeUInt8(100, 1);
  header.writeUInt16BE(sequence & 0xffff, 2);
  header.writeUInt32BE((sequence * 960) >>> 0, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, Buffer.from([0xf8, 0xff, 0xfe])]);
}

async function recordOpus(
  name: string,
  sequences: readonly number[],
): Promise<{ file: string; missed: number; clean: boolean }> {
  const lease = await ports.allocate();
  const sdpPath = join(dir, `${name}.sdp`);
  await writeFile(
    sdpPath,
    buildRecordingSdp({
      kind: 'audio',
      codec: { mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 100 },
      rtpPort: lease.rtpPort,
    }),
  );
  const file = join(dir, `${name}.webm`);
  const ffmpeg = FfmpegRecording.start({
    ffmpegPath: 'ffmpeg',
    sdpPath,
    outputPath: file,
    container: 'webm',
    rtpPort: lease.rtpPort,
    stallTimeoutS: 0,
    clusterMs: 250,
  });
  try {
    await ffmpeg.ready();
    const socket = createSocket('udp4');
    for (const sequence of sequences) {
      await new Promise<void>((resolve, reject) =>
        socket.send(opusPacket(sequence, 0x1234), lease.rtpPort, '127.0.0.1', (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    socket.close();
    const exit = await ffmpeg.stop({ byeGraceMs: 2000, graceMs: 5000 });
    return { file, missed: ffmpeg.missedPackets, clean: exit.clean && exit.code === 0 };
  } finally {
    lease.release();
  }
}

describe('recorder ffmpeg', () => {
  it('finishes the file at the RTCP BYE, with its index, although no packet is flowing', async () => {
    const { file, missed, clean } = await recordOpus(
      'whole',
      Array.from({ length: 60 }, (_, i) => 1000 + i),
    );
    expect(clean).toBe(true);
    expect(missed).toBe(0);
    const probe = await probeMedia('ffprobe', file);
    expect(probe.streams).toEqual([{ codecType: 'audio', codecName: 'opus' }]);
    expect(probe.packets).toBe(60);
    // A clean file carries its duration in the header (written with the trailer).
    expect(probe.durationMs).toBeGreaterThan(1100);
  });

  it('counts the packets that never reached it', async () => {
    const sequences = [
      ...Array.from({ length: 30 }, (_, i) => 2000 + i),
      ...Array.from({ length: 30 }, (_, i) => 2037 + i), // 7 missing: 2030..2036
    ];
    const { missed, file } = await recordOpus('gaps', sequences);
    expect(missed).toBe(7);
    expect((await probeMedia('ffprobe', file)).packets).toBe(60);
  });
});
