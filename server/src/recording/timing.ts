/**
 * Timeline maths for recorded tracks. See docs/recording.md ("Timeline model").
 *
 * Every recorded file starts at pts 0 = the RTP timestamp of the first packet
 * ffmpeg received (`firstPacket.rtpTimestamp`). mediasoup's sender reports on the
 * recording transport map the consumer's RTP clock to the *capture* instant of the
 * media on the worker's NTP clock (mediasoup ≥ 3.26 estimates it from the sender's
 * own reports or abs-capture-time). So the capture instant of pts 0 is known, in
 * one clock shared by every track of the session: tracks line up by construction.
 */

export interface SenderReportSample {
  /** Local wall clock (Node's `Date.now()`) when the report arrived. */
  readonly receivedUnixMs: number;
  /** The report's NTP time, as Unix ms (worker clock). */
  readonly ntpUnixMs: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

export interface FirstPacket {
  readonly rtpTimestamp: number;
  readonly sequenceNumber: number;
  /** Local wall clock when the worker reported sending it to ffmpeg. */
  readonly arrivalUnixMs: number;
}

export type AnchorMethod = 'sender-report' | 'arrival';

export interface SegmentAnchor {
  readonly method: AnchorMethod;
  /** Capture instant of the file's pts 0, local wall clock (Unix ms). */
  readonly startUnixMs: number;
  /** Sender reports the anchor was computed from (0 for `arrival`). */
  readonly reportsUsed: number;
}

/** How many reports after the first packet feed the median (early estimates may still settle). */
const ANCHOR_REPORTS = 5;

/** `a - b` for 32-bit RTP timestamps, correct across wrap-around. */
export function rtpDelta(a: number, b: number): number {
  return ((((a - b) >>> 0) + 0x8000_0000) % 0x1_0000_0000) - 0x8000_0000;
}

/** The instant (Unix ms on the report's clock) at which RTP timestamp `rtpTimestamp` was captured. */
export function captureUnixMs(rtpTimestamp: number, report: SenderReportSample, clockRate: number): number {
  return report.ntpUnixMs + (rtpDelta(rtpTimestamp, report.rtpTimestamp) * 1000) / clockRate;
}

/**
 * Offset from the worker's NTP clock to Node's wall clock: the smallest
 * (arrival − announced) over all reports, i.e. the clock difference plus the
 * shortest loopback delivery time (well under a millisecond). One value per
 * recording, applied to every track, so relative sync is untouched by it.
 */
export function workerClockOffsetMs(reports: Iterable<SenderReportSample>): number {
  let best: number | undefined;
  for (const report of reports) {
    const offset = report.receivedUnixMs - report.ntpUnixMs;
    if (best === undefined || offset < best) best = offset;
  }
  return best ?? 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/**
 * Where a segment's pts 0 sits in local wall-clock time. Prefers the sender
 * reports that arrived after the first packet (median of the first few, robust
 * to one odd estimate); falls back to the arrival time of the first packet when a
 * segment ended before any report came (it then ignores encoder and network delay).
 */
export function anchorSegment(
  first: FirstPacket,
  reports: readonly SenderReportSample[],
  clockRate: number,
  clockOffsetMs: number,
): SegmentAnchor {
  const after = reports.filter((report) => report.receivedUnixMs >= first.arrivalUnixMs).slice(0, ANCHOR_REPORTS);
  if (after.length === 0) return { method: 'arrival', startUnixMs: first.arrivalUnixMs, reportsUsed: 0 };
  const estimates = after.map((report) => captureUnixMs(first.rtpTimestamp, report, clockRate) + clockOffsetMs);
  return { method: 'sender-report', startUnixMs: median(estimates), reportsUsed: after.length };
}
