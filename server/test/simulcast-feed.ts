import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';

/**
 * A participant's simulcast camera as a browser sends it: two VP8 encodings
 * (320×180 and 640×360, 25 fps, a keyframe every 6 frames) in one
 * ssrc-simulcast producer, from one socket, each encoding with its own
 * random RTP timestamp base and an RTCP sender report every half second that
 * ties it to the same wall clock. The feed can stop one encoding (packets and
 * reports) — what a browser does when it drops a layer for bandwidth or CPU —
 * and send it again.
 *
 * The frames are encoded once by ffmpeg; the RTP and RTCP are written here.
 * ffmpeg's own RTP muxer was not a faithful sender: it reports every 5 s,
 * its first report goes out before the stream's first packet (mediasoup
 * ignores it), and its reports of two outputs disagree about the wall clock,
 * so mediasoup could not align the layers when it switched between them.
 */
export interface SimulcastFeed {
  readonly producer: types.Producer;
  /** Stops (true) or sends again (false) one encoding, its sender reports included. */
  drop(encodingIndex: number, dropped: boolean): void;
  stop(): Promise<void>;
}

const SIZES = ['320x180', '640x360'] as const;
const BITRATES = ['150k', '500k'] as const;
const FRAME_MS = 40;
const CLOCK_RATE = 90_000;
const PAYLOAD_TYPE = 101;
const MAX_PAYLOAD = 1100;
const REPORT_EVERY_MS = 500;
/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
const run = promisify(execFile);
let nextSsrc = 40_000_000 + Math.floor(Math.random() * 1_000_000);

interface Encoding {
  readonly ssrc: number;
  readonly frames: readonly Buffer[];
  readonly timestampBase: number;
  sequence: number;
  packets: number;
  octets: number;
  lastReportUnixMs: number;
}

/** The frames of an IVF file (32-byte file header, then a 12-byte header before each frame). */
function ivfFrames(file: string): Buffer[] {
  const data = readFileSync(file);
  const frames: Buffer[] = [];
  for (let offset = data.readUInt16LE(6); offset + 12 <= data.length;) {
    const size = data.readUInt32LE(offset);
    frames.push(data.subarray(offset + 12, offset + 12 + size));
    offset += 12 + size;
  }
  return frames;
}

/** 10 s of each encoding, encoded once per feed. */
async function encodeLayers(ffmpeg: string): Promise<Buffer[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'air-simulcast-feed-'));
  try {
    const files = SIZES.map((size) => join(dir, `${size}.ivf`));
    await run(ffmpeg, [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=640x360:rate=${String(1000 / FRAME_MS)}:duration=10`,
      '-filter_complex',
      `[0:v]split=2[s][v1];[s]scale=${SIZES[0].replace('x', ':')}[v0]`,
      ...SIZES.flatMap((_size, index) => [
        '-map',
        `[v${String(index)}]`,
        '-c:v',
        'libvpx',
        '-deadline',
        'realtime',
        '-cpu-used',
        '8',
        '-g',
        '6',
        '-b:v',
        BITRATES[index] ?? '150k',
        files[index] ?? '',
      ]),
    ]);
    return files.map(ivfFrames);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rtpPacket(encoding: Encoding, timestamp: number, payload: Buffer, marker: boolean): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | PAYLOAD_TYPE;
  header.writeUInt16BE(encoding.sequence, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(encoding.ssrc, 8);
  encoding.sequence = (encoding.sequence + 1) & 0xffff;
  return Buffer.concat([header, payload]);
}

/** One VP8 frame in RTP packets: a one-byte payload descriptor, S set on the first (RFC 7741). */
function vp8Packets(encoding: Encoding, timestamp: number, frame: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  for (let offset = 0; offset < frame.length; offset += MAX_PAYLOAD) {
    const chunk = frame.subarray(offset, offset + MAX_PAYLOAD);
    const last = offset + MAX_PAYLOAD >= frame.length;
    packets.push(rtpPacket(encoding, timestamp, Buffer.concat([Buffer.from([offset === 0 ? 0x10 : 0]), chunk]), last));
  }
  return packets;
}

/** An RTCP sender report tying the encoding's RTP clock to the wall clock at `unixMs`. */
function senderReport(encoding: Encoding, unixMs: number, startUnixMs: number): Buffer {
  const report = Buffer.alloc(28);
  report[0] = 0x80;
  report[1] = 200;
  report.writeUInt16BE(6, 2);
  report.writeUInt32BE(encoding.ssrc, 4);
  const seconds = Math.floor(unixMs / 1000);
  report.writeUInt32BE(seconds + NTP_UNIX_OFFSET_S, 8);
  report.writeUInt32BE(Math.floor(((unixMs - seconds * 1000) / 1000) * 2 ** 32) >>> 0, 12);
  report.writeUInt32BE((encoding.timestampBase + ((unixMs - startUnixMs) * CLOCK_RATE) / 1000) >>> 0, 16);
  report.writeUInt32BE(encoding.packets >>> 0, 20);
  report.writeUInt32BE(encoding.octets >>> 0, 24);
  return report;
}

function listen(socket: Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve((socket.address() as AddressInfo).port));
  });
}

export async function feedSimulcast(router: types.Router, ffmpeg = 'ffmpeg'): Promise<SimulcastFeed> {
  const layers = await encodeLayers(ffmpeg);
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: true,
    comedia: true,
  });
  const encodings: Encoding[] = layers.map((frames) => ({
    ssrc: (nextSsrc += 1),
    frames,
    timestampBase: Math.floor(Math.random() * 2 ** 32),
    sequence: Math.floor(Math.random() * 0xffff),
    packets: 0,
    octets: 0,
    lastReportUnixMs: Number.NEGATIVE_INFINITY,
  }));
  const producer = await transport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', clockRate: CLOCK_RATE, payloadType: PAYLOAD_TYPE }],
      encodings: encodings.map(({ ssrc }) => ({ ssrc })),
    },
  });
  const socket = createSocket('udp4');
  await listen(socket);
  const send = (data: Buffer) => socket.send(data, transport.tuple.localPort, '127.0.0.1');
  const dropped = new Set<number>();
  const startUnixMs = Date.now();
  let sentFrames = 0;
  // Every frame that is due by the wall clock, each stamped with its capture time: a starved timer
  // sends late, as a starved browser does, but never with timestamps that disagree with the reports.
  const tick = (): void => {
    const now = Date.now();
    for (; sentFrames <= Math.floor((now - startUnixMs) / FRAME_MS); sentFrames += 1) {
      encodings.forEach((encoding, index) => {
        if (dropped.has(index)) return;
        const frame = encoding.frames[sentFrames % encoding.frames.length];
        if (!frame) return;
        const timestamp = encoding.timestampBase + (sentFrames * FRAME_MS * CLOCK_RATE) / 1000;
        for (const packet of vp8Packets(encoding, timestamp, frame)) {
          send(packet);
          encoding.packets += 1;
          encoding.octets += packet.length - 12;
        }
      });
    }
    encodings.forEach((encoding, index) => {
      if (dropped.has(index) || encoding.packets === 0 || now - encoding.lastReportUnixMs < REPORT_EVERY_MS) return;
      encoding.lastReportUnixMs = now;
      send(senderReport(encoding, now, startUnixMs));
    });
  };
  const timer = setInterval(tick, FRAME_MS / 2);
  tick();
  return {
    producer,
    drop(encodingIndex, drop) {
      if (drop) dropped.add(encodingIndex);
      else dropped.delete(encodingIndex);
    },
    async stop() {
      clearInterval(timer);
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      transport.close();
    },
  };
}
