import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AirError } from '@aircounter/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { FfmpegRecording } from '../src/recording/ffmpeg.ts';
import { RtpPortAllocator, type PortLease } from '../src/recording/ports.ts';
import { buildRecordingSdp } from '../src/recording/sdp.ts';
import { udpPortOwnedBy } from '../src/recording/udp-owner.ts';
import { recordingSettings } from './helpers/recording.ts';

// Port allocation for many concurrent recordings: no pair handed out twice,
// busy ports skipped, exhaustion reported, and an ffmpeg is only fed once it
// owns its port (even when another process uses the same range).

const base = recordingSettings().portMin;
const sockets: Socket[] = [];

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
});

function occupy(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    sockets.push(socket);
    socket.once('error', reject);
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => resolve());
  });
}

describe('RTP port allocation', () => {
  it('hands out distinct even/odd pairs to concurrent recordings and reports exhaustion', async () => {
    const allocator = new RtpPortAllocator({ min: base, max: base + 99 });
    expect(allocator.capacity).toBe(50);
    const leases = await Promise.all(Array.from({ length: 40 }, () => allocator.allocate()));
    const ports = leases.map((lease) => lease.rtpPort);
    expect(new Set(ports).size).toBe(40);
    for (const lease of leases) {
      expect(lease.rtpPort % 2).toBe(0);
      expect(lease.rtcpPort).toBe(lease.rtpPort + 1);
      expect(lease.rtpPort).toBeGreaterThanOrEqual(base);
      expect(lease.rtcpPort).toBeLessThanOrEqual(base + 99);
    }
    expect(allocator.inUse).toBe(40);
    const rest = await Promise.all(Array.from({ length: 10 }, () => allocator.allocate()));
    expect(new Set([...ports, ...rest.map((lease) => lease.rtpPort)]).size).toBe(50);
    const exhausted = await allocator.allocate().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(exhausted).toBeInstanceOf(AirError);
    expect((exhausted as AirError).code).toBe('RECORDING_FAILED');
    expect((exhausted as AirError).message).toMatch(/AIR_RECORDING_PORT_MIN/);
    // A released pair becomes available again; releasing twice is harmless.
    const released = leases[7] as PortLease;
    released.release();
    released.release();
    expect(allocator.inUse).toBe(49);
    expect((await allocator.allocate()).rtpPort).toBe(released.rtpPort);
  });

  it('does not reuse a released pair while others are free (late packets never reach a new recording)', async () => {
    const allocator = new RtpPortAllocator({ min: base + 100, max: base + 119 });
    const first = await allocator.allocate();
    first.release();
    const next = await Promise.all(Array.from({ length: 5 }, () => allocator.allocate()));
    expect(next.map((lease) => lease.rtpPort)).not.toContain(first.rtpPort);
  });

  it('skips pairs whose RTP or RTCP port another socket holds', async () => {
    const min = base + 120;
    await occupy(min);
    await occupy(min + 3);
    const allocator = new RtpPortAllocator({ min, max: min + 7 });
    const leases = await Promise.all([allocator.allocate(), allocator.allocate()]);
    expect(leases.map((lease) => lease.rtpPort).sort()).toEqual([min + 4, min + 6]);
  });

  it('refuses a range without a whole pair', () => {
    expect(() => new RtpPortAllocator({ min: base + 1, max: base + 2 })).toThrow(AirError);
  });

  it('feeds an ffmpeg only once it owns its port, even when another allocator shares the range', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aircounter-ports-'));
    try {
      const min = base + 140;
      // Two "server processes" configured with the same two pairs.
      const allocators = [new RtpPortAllocator({ min, max: min + 3 }), new RtpPortAllocator({ min, max: min + 3 })];
      const attempts = await Promise.all(
        allocators.flatMap((allocator, a) =>
          [0, 1].map(async (i) => {
            const lease = await allocator.allocate();
            const sdpPath = join(dir, `${a}-${i}.sdp`);
            await writeFile(
              sdpPath,
              buildRecordingSdp({
                kind: 'audio',
                codec: { mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 100 },
                rtpPort: lease.rtpPort,
              }),
            );
            const ffmpeg = FfmpegRecording.start({
              ffmpegPath: 'ffmpeg',
              sdpPath,
              outputPath: join(dir, `${a}-${i}.webm`),
              container: 'webm',
              rtpPort: lease.rtpPort,
              stallTimeoutS: 0,
              clusterMs: 250,
            });
            const ready = await ffmpeg.ready().then(
              () => true,
              () => false,
            );
            const owned = ffmpeg.pid === undefined ? false : await udpPortOwnedBy(ffmpeg.pid, lease.rtpPort);
            return { ffmpeg, lease, ready, owned };
          }),
        ),
      );
      // Whoever was told "ready" really listens on its port; the others failed to bind and said so.
      for (const attempt of attempts) if (attempt.ready) expect(attempt.owned).toBe(true);
      const readyPorts = attempts.filter((attempt) => attempt.ready).map((attempt) => attempt.lease.rtpPort);
      expect(new Set(readyPorts).size).toBe(readyPorts.length);
      expect(readyPorts.length).toBeGreaterThanOrEqual(2);
      await Promise.all(attempts.map((attempt) => attempt.ffmpeg.stop({ byeGraceMs: 1000, graceMs: 3000 })));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
