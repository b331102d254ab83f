import { describe, expect, it } from 'vitest';
import { parseTimingSummary, TIMING_FILE_PATTERN, TIMING_FORMAT, type TimingSegment } from './timing.ts';

const SEGMENT: TimingSegment = {
  file: 'recording-r1.c1.camera.000.webm',
  playableFile: 'recording-r1.c1.camera.000.webm',
  repaired: false,
  empty: false,
  problem: null,
  packets: 420,
  trackKey: 'c1/camera',
  peerId: 'c1',
  role: 'customer',
  source: 'camera',
  kind: 'video',
  segment: 0,
  producerId: 'p1',
  codec: { mimeType: 'video/VP8', clockRate: 90000, payloadType: 101 },
  startMs: -12,
  endMs: 9988,
  durationMs: 10000,
  anchor: { method: 'sender-report', reportsUsed: 5 },
  firstPacket: { rtpTimestamp: 1, sequenceNumber: 2, arrivalUnixMs: 1.7e12 },
  captureToArrivalMs: 40,
  end: { reason: 'stopped', clean: true, exitCode: 0, signal: null, packetsLost: 0 },
  streams: [{ codecType: 'video', codecName: 'vp8' }],
  senderReports: [{ receivedUnixMs: 1.7e12, ntpUnixMs: 1.7e12, rtpTimestamp: 3, packetCount: 4, octetCount: 5 }],
};

const SUMMARY = {
  format: TIMING_FORMAT,
  sessionId: 's-1',
  recordingId: 'r1',
  originUnixMs: 1.7e12,
  clockOffsetMs: -3.5,
  complete: true,
  recovered: false,
  damagedLogLines: 0,
  segments: [SEGMENT, { ...SEGMENT, segment: 1, playableFile: null, empty: true, startMs: null, endMs: null }],
  gaps: [
    {
      trackKey: 'c1/camera',
      peerId: 'c1',
      source: 'camera',
      fromMs: 9988,
      toMs: 12000,
      durationMs: 2012,
      reason: 'paused',
    },
  ],
};

describe('timing summary', () => {
  it('reads a summary as the recorder writes it', () => {
    expect(parseTimingSummary(JSON.parse(JSON.stringify(SUMMARY)))).toEqual({ ok: true, value: SUMMARY });
  });

  it.each([
    ['another format', { ...SUMMARY, format: 'aircounter.recording-timing/2' }, /^format: /],
    ['a segment without its kind', { ...SUMMARY, segments: [{ ...SEGMENT, kind: 'text' }] }, /^segments\.0\.kind: /],
    ['a gap without bounds', { ...SUMMARY, gaps: [{ trackKey: 'x' }] }, /^gaps\.0\.peerId: /],
    ['not an object', 'timing', /^timing summary: /],
  ])('refuses %s, naming where', (_name, value, where) => {
    const parsed = parseTimingSummary(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(where);
  });

  it('names summaries, not the raw timing log', () => {
    expect(TIMING_FILE_PATTERN.test('recording-r1.timing.json')).toBe(true);
    expect(TIMING_FILE_PATTERN.test('recording-r1.timing.jsonl')).toBe(false);
  });
});
