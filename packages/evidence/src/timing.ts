import { MediaKind, MediaSourceSchema, RoleSchema } from '@aircounter/protocol';
import * as v from 'valibot';
import type { ParseResult } from './manifest.ts';

/**
 * A recording's timing summary, `recording-<id>.timing.json`: written by the
 * recorder (server/src/recording/finalize.ts, docs/recording.md) when a
 * recording is finalized, read by the replay. Every segment file with
 * `startMs`, where its pts 0 sits on the session timeline (the media time of
 * the event log), and the gaps between a track's segments.
 */
export const TIMING_FORMAT = 'aircounter.recording-timing/1';
/** Timing summaries (not the raw `.timing.jsonl` log the recorder appends to as it goes). */
export const TIMING_FILE_PATTERN = /\.timing\.json$/;

/** A time or duration, ms (on the session timeline a file may start a little before 0). */
const Ms = v.pipe(v.number(), v.finite());
const readonlyArray = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.readonly());

const CodecInfo = v.object({
  mimeType: v.string(),
  clockRate: v.number(),
  channels: v.optional(v.number()),
  payloadType: v.number(),
});

const FirstPacket = v.object({ rtpTimestamp: v.number(), sequenceNumber: v.number(), arrivalUnixMs: Ms });

const SenderReportSample = v.object({
  receivedUnixMs: Ms,
  ntpUnixMs: Ms,
  rtpTimestamp: v.number(),
  packetCount: v.number(),
  octetCount: v.number(),
});

export const TimingSegment = v.object({
  /** The file ffmpeg wrote (kept as written, even when it needed repair). */
  file: v.string(),
  /** The file to play: `file`, or its repaired copy; null when it holds no media or cannot be read. */
  playableFile: v.nullable(v.string()),
  repaired: v.boolean(),
  /** No packet ever reached ffmpeg (e.g. the participant published but sent nothing): nothing to play. */
  empty: v.boolean(),
  /** Why a segment with media has no playable file (ffprobe's complaint); null when all is well. */
  problem: v.nullable(v.string()),
  /** Packets in the playable file. */
  packets: v.nullable(v.number()),
  trackKey: v.string(),
  peerId: v.string(),
  role: RoleSchema,
  source: MediaSourceSchema,
  kind: MediaKind,
  segment: v.number(),
  producerId: v.string(),
  codec: CodecInfo,
  /** Where pts 0 of the file sits on the session timeline, ms (null: no packet was recorded). */
  startMs: v.nullable(Ms),
  endMs: v.nullable(Ms),
  durationMs: v.nullable(Ms),
  anchor: v.nullable(v.object({ method: v.picklist(['sender-report', 'arrival']), reportsUsed: v.number() })),
  firstPacket: v.nullable(FirstPacket),
  /** First packet's arrival minus its capture instant: encoder + network delay, a plausibility check. */
  captureToArrivalMs: v.nullable(Ms),
  end: v.object({
    /** `stopped`, `producer-closed`, `paused`, `ffmpeg-crashed`, `stalled`, `failed`, `server-crashed` … */
    reason: v.string(),
    clean: v.boolean(),
    exitCode: v.nullable(v.number()),
    signal: v.nullable(v.string()),
    packetsLost: v.nullable(v.number()),
  }),
  streams: readonlyArray(v.object({ codecType: v.string(), codecName: v.string() })),
  senderReports: readonlyArray(SenderReportSample),
});
export type TimingSegment = v.InferOutput<typeof TimingSegment>;

export const TimingGap = v.object({
  trackKey: v.string(),
  peerId: v.string(),
  source: MediaSourceSchema,
  fromMs: Ms,
  toMs: Ms,
  durationMs: Ms,
  reason: v.string(),
});
export type TimingGap = v.InferOutput<typeof TimingGap>;

export const TimingSummary = v.object({
  format: v.literal(TIMING_FORMAT),
  sessionId: v.string(),
  recordingId: v.string(),
  /** Unix ms of media time 0 of the session. */
  originUnixMs: Ms,
  /** Worker NTP clock → Node wall clock, ms (applied to every track alike). */
  clockOffsetMs: Ms,
  /** Every segment was finished cleanly by ffmpeg and nothing was recovered after a crash. */
  complete: v.boolean(),
  recovered: v.boolean(),
  damagedLogLines: v.number(),
  segments: readonlyArray(TimingSegment),
  gaps: readonlyArray(TimingGap),
});
export type TimingSummary = v.InferOutput<typeof TimingSummary>;

/** A timing summary's parsed JSON, checked against {@link TimingSummary}; never throws. */
export function parseTimingSummary(value: unknown): ParseResult<TimingSummary> {
  const result = v.safeParse(TimingSummary, value);
  if (result.success) return { ok: true, value: result.output };
  const [issue] = result.issues;
  const path = v.getDotPath(issue);
  return { ok: false, error: `${path === null ? 'timing summary' : path}: ${issue.message}` };
}
