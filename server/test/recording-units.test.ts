import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AirError, RECORDING_STATES, type RecordingState } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimingSegment } from '@aircounter/evidence';
import { computeGaps } from '../src/recording/finalize.ts';
import { resolveFfmpeg, resolveFfprobe } from '../src/recording/ffmpeg-path.ts';
import { recordingIdOf, repairedName, safePeerName, segmentBase } from '../src/recording/names.ts';
import { ntpToUnixMs, parseRtcp } from '../src/recording/rtcp.ts';
import { buildRecordingSdp, containerFor } from '../src/recording/sdp.ts';
import { canTransition, RecordingStateMachine } from '../src/recording/state.ts';
import { anchorSegment, captureUnixMs, rtpDelta, workerClockOffsetMs } from '../src/recording/timing.ts';

// Pure parts of the recorder, table-driven: state machine, RTCP parsing, timing
// maths, SDP, names, gaps and ffmpeg resolution.

describe('recording state machine', () => {
  const allowed: Record<RecordingState, RecordingState[]> = {
    idle: ['starting'],
    starting: ['active', 'failed', 'aborted'],
    active: ['ending', 'failed', 'aborted'],
    ending: ['complete', 'failed', 'aborted'],
    complete: ['starting'],
    failed: ['starting'],
    aborted: ['starting'],
  };
  for (const from of RECORDING_STATES) {
    for (const to of RECORDING_STATES) {
      const ok = allowed[from].includes(to);
      it(`${ok ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        expect(canTransition(from, to)).toBe(ok);
      });
    }
  }

  it('stamps each state with its time and reason, and throws on a refused step', () => {
    let now = 1000;
    const machine = new RecordingStateMachine(() => now);
    now = 2000;
    expect(machine.transition('starting')).toEqual({ from: 'idle', to: 'starting', since: 2000 });
    now = 3000;
    machine.transition('failed', 'ffmpeg missing');
    expect([machine.state, machine.since, machine.reason]).toEqual(['failed', 3000, 'ffmpeg missing']);
    expect(() => machine.transition('complete')).toThrow(AirError);
  });
});

function senderReport(ssrc: number, ntpSeconds: number, ntpFraction: number, rtp: number, blocks = 0): Buffer {
  const packet = Buffer.alloc(28 + blocks * 24);
  packet.writeUInt8(0x80 | blocks, 0);
  packet.writeUInt8(200, 1);
  packet.writeUInt16BE(packet.length / 4 - 1, 2);
  packet.writeUInt32BE(ssrc, 4);
  packet.writeUInt32BE(ntpSeconds, 8);
  packet.writeUInt32BE(ntpFraction, 12);
  packet.writeUInt32BE(rtp, 16);
  packet.writeUInt32BE(1234, 20);
  packet.writeUInt32BE(567_890, 24);
  return packet;
}

function receiverReport(ssrc: number, source: number, fraction: number, lost: number): Buffer {
  const packet = Buffer.alloc(32);
  packet.writeUInt8(0x81, 0);
  packet.writeUInt8(201, 1);
  packet.writeUInt16BE(7, 2);
  packet.writeUInt32BE(ssrc, 4);
  packet.writeUInt32BE(source, 8);
  packet.writeUInt8(fraction, 12);
  packet.writeUIntBE(lost & 0xffffff, 13, 3);
  packet.writeUInt32BE(65_600, 16);
  packet.writeUInt32BE(12, 20);
  return packet;
}

describe('RTCP parsing', () => {
  it('reads a sender report as NTP (Unix ms) ↔ RTP', () => {
    // 2025-01-01T00:00:00.500Z in NTP: 3_944_678_400 s + half a second.
    const parsed = parseRtcp(senderReport(42, 3_944_678_400, 2 ** 31, 90_000));
    expect(parsed.senderReports).toEqual([
      { ssrc: 42, ntpUnixMs: Date.UTC(2025, 0, 1) + 500, rtpTimestamp: 90_000, packetCount: 1234, octetCount: 567_890 },
    ]);
    expect(ntpToUnixMs(2_208_988_800, 0)).toBe(0);
  });

  it('reads report blocks of receiver reports in a compound packet, negative loss included', () => {
    const sdes = Buffer.from([0x81, 202, 0, 1, 0, 0, 0, 42]);
    const parsed = parseRtcp(Buffer.concat([receiverReport(7, 42, 64, 12), sdes, receiverReport(7, 43, 0, -2)]));
    expect(parsed.senderReports).toEqual([]);
    expect(
      parsed.receptionReports.map((r) => [r.sourceSsrc, r.fractionLost, r.cumulativeLost, r.highestSequence]),
    ).toEqual([
      [42, 0.25, 12, 65_600],
      [43, 0, -2, 65_600],
    ]);
  });

  it('stops at damage instead of trusting it', () => {
    const good = senderReport(1, 3_944_678_400, 0, 0);
    const truncated = senderReport(2, 3_944_678_400, 0, 0).subarray(0, 20);
    expect(parseRtcp(Buffer.concat([good, truncated])).senderReports.map((r) => r.ssrc)).toEqual([1]);
    expect(parseRtcp(Buffer.from([0x00, 200, 0, 6])).senderReports).toEqual([]);
    expect(parseRtcp(Buffer.alloc(0))).toEqual({ senderReports: [], receptionReports: [] });
  });
});

describe('timeline maths', () => {
  it('subtracts RTP timestamps across the 32-bit wrap', () => {
    expect(rtpDelta(10, 4_294_967_290)).toBe(16);
    expect(rtpDelta(4_294_967_290, 10)).toBe(-16);
    expect(rtpDelta(90_000, 0)).toBe(90_000);
  });

  const report = (receivedUnixMs: number, ntpUnixMs: number, rtpTimestamp: number) => ({
    receivedUnixMs,
    ntpUnixMs,
    rtpTimestamp,
    packetCount: 0,
    octetCount: 0,
  });

  it('maps an RTP timestamp to its capture instant with a sender report', () => {
    expect(captureUnixMs(4_294_967_000 + 1296, report(0, 10_000, 4_294_967_000), 48_000)).toBe(10_027);
    expect(captureUnixMs(0, report(0, 10_000, 90_000), 90_000)).toBe(9_000);
  });

  it('takes the clock offset from the fastest report', () => {
    expect(workerClockOffsetMs([report(1005, 1000, 0), report(2000.4, 2000, 0), report(3010, 3000, 0)])).toBeCloseTo(
      0.4,
    );
    expect(workerClockOffsetMs([])).toBe(0);
  });

  it('anchors a segment on the median of the reports after its first packet, else on arrival', () => {
    const first = { rtpTimestamp: 90_000, sequenceNumber: 1, arrivalUnixMs: 5_000 };
    const reports = [
      report(4_000, 3_990, 0), // before the first packet: ignored
      report(5_500, 5_490, 135_000), // says ts 90 000 was captured at 4 990
      report(6_500, 6_500, 225_000), // 5 000
      report(7_500, 7_480, 315_000), // 4 980
    ];
    expect(anchorSegment(first, reports, 90_000, 2)).toEqual({
      method: 'sender-report',
      startUnixMs: 4_992,
      reportsUsed: 3,
    });
    expect(anchorSegment(first, reports.slice(0, 1), 90_000, 0)).toEqual({
      method: 'arrival',
      startUnixMs: 5_000,
      reportsUsed: 0,
    });
  });
});

describe('recording SDP', () => {
  it('describes one opus stream with a loopback source filter', () => {
    const sdp = buildRecordingSdp({
      kind: 'audio',
      codec: {
        mimeType: 'audio/opus',
        clockRate: 48000,
        channels: 2,
        payloadType: 100,
        parameters: { useinbandfec: 1 },
      },
      rtpPort: 50_000,
    });
    expect(sdp.split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=AirCounter recording',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 50000 RTP/AVP 100',
      'a=source-filter: incl IN IP4 * 127.0.0.1',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 useinbandfec=1',
      'a=recvonly',
      '',
    ]);
  });

  it('chooses WebM for open codecs, Matroska for H.264, and refuses what it cannot copy', () => {
    expect(containerFor({ mimeType: 'video/VP8', clockRate: 90000, payloadType: 101 })).toBe('webm');
    expect(containerFor({ mimeType: 'video/H264', clockRate: 90000, payloadType: 102 })).toBe('mkv');
    expect(() => containerFor({ mimeType: 'audio/PCMU', clockRate: 8000, payloadType: 0 })).toThrow(AirError);
    const h264 = buildRecordingSdp({
      kind: 'video',
      codec: {
        mimeType: 'video/H264',
        clockRate: 90000,
        payloadType: 102,
        parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', bad: 'x;y' },
      },
      rtpPort: 50_002,
    });
    expect(h264).toContain('a=rtpmap:102 H264/90000');
    expect(h264).toContain('a=fmtp:102 packetization-mode=1;profile-level-id=42e01f\r\n');
  });
});

describe('recording file names', () => {
  it('keeps safe peer ids and makes others safe and unique', () => {
    expect(safePeerName('customer-1')).toBe('customer-1');
    const colon = safePeerName('bank:cust@1');
    expect(colon).toMatch(/^bank_cust_1_[0-9a-f]{10}$/);
    expect(safePeerName('bank_cust_1')).not.toBe(colon);
    expect(safePeerName('.hidden')).toMatch(/^hidden_[0-9a-f]{10}$/);
    const base = segmentBase('rabc123', 'bank:cust@1', 'camera', 2);
    expect(base).toMatch(/^recording-rabc123\.bank_cust_1_[0-9a-f]{10}\.camera\.002$/);
    expect(`${base}.webm`).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
    expect(recordingIdOf(`${base}.webm`)).toBe('rabc123');
    expect(repairedName(`${base}.webm`)).toBe(`${base}.repaired.webm`);
  });
});

describe('gaps between segments', () => {
  const segment = (trackKey: string, n: number, startMs: number, endMs: number, reason: string): TimingSegment =>
    ({
      trackKey,
      peerId: trackKey.split('/')[0],
      source: trackKey.split('/')[1],
      segment: n,
      startMs,
      endMs,
      end: { reason },
    }) as unknown as TimingSegment;

  it('reports each hole of each track with the reason the earlier segment ended', () => {
    const gaps = computeGaps([
      segment('c/camera', 2, 5000, 9000, 'stopped'),
      segment('c/camera', 1, 100, 3000, 'ffmpeg-crashed'),
      segment('c/microphone', 1, 50, 9000, 'stopped'),
    ]);
    expect(gaps).toEqual([
      {
        trackKey: 'c/camera',
        peerId: 'c',
        source: 'camera',
        fromMs: 3000,
        toMs: 5000,
        durationMs: 2000,
        reason: 'ffmpeg-crashed',
      },
    ]);
  });
});

describe('ffmpeg resolution', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aircounter-ffmpeg-'));
    for (const name of ['ffmpeg', 'ffprobe']) {
      await writeFile(join(dir, name), '#!/bin/sh\nexit 0\n');
      await chmod(join(dir, name), 0o755);
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prefers the configured path, then PATH (ffmpeg-static is not installed here)', async () => {
    expect(await resolveFfmpeg(join(dir, 'ffmpeg'), '')).toEqual({ path: join(dir, 'ffmpeg'), source: 'config' });
    expect(await resolveFfmpeg(undefined, `/nonexistent:${dir}`)).toEqual({
      path: join(dir, 'ffmpeg'),
      source: 'path',
    });
    expect(await resolveFfprobe(undefined, { path: join(dir, 'ffmpeg'), source: 'config' }, '')).toBe(
      join(dir, 'ffprobe'),
    );
  });

  it('fails with RECORDING_FAILED naming the fix, never falling back from an explicit path', async () => {
    for (const attempt of [resolveFfmpeg('/nonexistent/ffmpeg', dir), resolveFfmpeg(undefined, '/nonexistent')]) {
      const error = await attempt.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(AirError);
      expect((error as AirError).code).toBe('RECORDING_FAILED');
      expect((error as AirError).message).toMatch(/AIR_FFMPEG_PATH/);
      expect((error as AirError).message).toMatch(/apt-get install ffmpeg/);
    }
  });
});
