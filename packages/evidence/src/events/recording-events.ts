import {
  COVERAGE_CAUSES,
  INCOMPLETE_REASONS,
  MediaKind,
  MediaSourceSchema,
  RECORDING_STATES,
  RoleSchema,
} from '@aircounter/protocol';
import * as v from 'valibot';
import { Count, Text } from './common.ts';

// Consent and recording, written by the recorder (server/src/recording). The
// timing summary file (`timing.ts`) holds the exact figures; these events are
// the facts as they happened, on the session's media timeline.

/** A time on the session timeline, ms (a file may start a little before media time 0). */
const TimelineMs = v.pipe(v.number(), v.finite());
const RecordingState = v.picklist(RECORDING_STATES);
/** Why a track was not recorded (`network`, `camera-off`, `track-closed`, …; protocol's COVERAGE_CAUSES). */
const CoverageCause = v.picklist(COVERAGE_CAUSES);
/** Why a recording is incomplete (protocol's INCOMPLETE_REASONS). */
const IncompleteReasons = v.array(v.picklist(INCOMPLETE_REASONS));
/** Why a segment ended: `stopped`, `producer-closed`, `paused`, `ffmpeg-crashed`, `stalled`, `failed` … */
const SegmentEndReason = Text;

export const ConsentGiven = v.object({
  peerId: Text,
  /** Version id of the consent text the customer was shown (bank-defined). */
  consentTextVersion: Text,
  /** What the customer did to consent, e.g. `button:accept`. */
  action: Text,
  locale: Text,
  /** The server's consent policy at the time (`explicit` or `external`). */
  policy: Text,
});

/**
 * The customer declined the recording, or withdrew a consent given before
 * (`consent.declined` / `consent.withdrawn`). A running recording stops.
 */
export const ConsentRefused = v.object({
  ...ConsentGiven.entries,
  /** Version id of the consent text the customer declined (absent on a withdrawal). */
  consentTextVersion: v.optional(Text),
  /** What the deployment does next: `continue-unrecorded` or `end`. */
  onDecline: Text,
  /** The recording it stopped; null when none was running. */
  recordingId: v.nullable(Text),
});

/** The bank took consent outside AirCounter (`AIR_RECORDING_CONSENT_POLICY=external`); logged when recording starts. */
export const ConsentExternal = v.object({ policy: Text, startedBy: Text, recordingId: Text });

export const RecordingStateChanged = v.object({
  /** Null only for a transition before any recording had an id. */
  recordingId: v.nullable(Text),
  /** The state before; absent on entries written by crash recovery. */
  from: v.optional(RecordingState),
  state: RecordingState,
  reason: v.optional(Text),
  /** Who started or stopped the recording (peer id), on those transitions. */
  startedBy: v.optional(Text),
  stoppedBy: v.optional(Text),
  /** Written by crash recovery at the next start of the server. */
  recovered: v.optional(v.boolean()),
  /** On the final state: whether the files hold the whole recording, and if not, why. */
  complete: v.optional(v.boolean()),
  incomplete: v.optional(IncompleteReasons),
});

export const SegmentStarted = v.object({
  recordingId: Text,
  file: Text,
  peerId: Text,
  role: RoleSchema,
  source: MediaSourceSchema,
  kind: MediaKind,
  /** 0, 1, 2 … per track and recording. */
  segment: Count,
  producerId: Text,
  /** Codec MIME type, e.g. `video/VP8`. */
  codec: Text,
});

export const SegmentFirstPacket = v.object({
  recordingId: Text,
  file: Text,
  rtpTimestamp: Count,
  sequenceNumber: Count,
  arrivalUnixMs: TimelineMs,
});

export const SenderReport = v.object({
  recordingId: Text,
  file: Text,
  /** 1 for a segment's first report, then every 30th. */
  index: Count,
  receivedUnixMs: TimelineMs,
  ntpUnixMs: TimelineMs,
  rtpTimestamp: Count,
  packetCount: Count,
  octetCount: Count,
});

/** `recording.segment.ended` (stopped on request) and `recording.segment.interrupted` (any other end). */
export const SegmentEnded = v.object({
  recordingId: Text,
  file: Text,
  peerId: Text,
  source: MediaSourceSchema,
  reason: SegmentEndReason,
  exitCode: v.nullable(v.number()),
  signal: v.nullable(Text),
  /** ffmpeg finished the file itself (it needs no repair). */
  clean: v.boolean(),
  packetsLost: v.optional(Count),
  /** RTP packets sent to the segment's recorder. */
  packetsSent: v.optional(Count),
});

/**
 * A track was not recorded from `fromMs` to `toMs` (written when it came back,
 * or when the recording ended with `open`). The same bounds and cause as the
 * timing summary's `gaps`.
 */
export const RecordingGap = v.object({
  recordingId: Text,
  peerId: Text,
  role: v.optional(RoleSchema),
  source: MediaSourceSchema,
  /** Why (the cause people saw live); absent in packages written before the continuity monitor. */
  cause: v.optional(CoverageCause),
  fromMs: TimelineMs,
  toMs: TimelineMs,
  durationMs: v.optional(TimelineMs),
  reason: SegmentEndReason,
  /** The track never came back before the recording ended. */
  open: v.optional(v.boolean()),
  /** Older packages: bounds from arrival times of segments. */
  approximate: v.optional(v.boolean()),
});

/** A track stopped being recorded (`fromMs`: when its last packet arrived); its `recording.gap` follows. */
export const CoverageLost = v.object({
  recordingId: Text,
  peerId: Text,
  role: RoleSchema,
  source: MediaSourceSchema,
  cause: CoverageCause,
  fromMs: TimelineMs,
});

/** A producer not recorded because a limit was reached; retried when the limit allows. */
export const TrackRefused = v.object({
  recordingId: Text,
  peerId: Text,
  source: MediaSourceSchema,
  producerId: Text,
  /** The typed error (`RATE_LIMITED`). */
  code: Text,
  /** Which limit: `maxTrackStarts` or `maxFfmpegPerSession`. */
  limit: v.picklist(['maxTrackStarts', 'maxFfmpegPerSession']),
});

/** The size and frame rate a video segment is recorded at, measured on its file while it is written. */
export const TrackQuality = v.object({
  recordingId: Text,
  file: Text,
  peerId: Text,
  source: MediaSourceSchema,
  width: Count,
  height: Count,
  frameRate: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  /** A customer camera below the configured minimum size. */
  belowMinimum: v.boolean(),
});

/** `recording.track.paused` / `recording.track.resumed`: the participant paused or resumed the producer. */
export const TrackPaused = v.object({ recordingId: Text, peerId: Text, source: MediaSourceSchema });

export const TrackFailed = v.object({
  recordingId: Text,
  peerId: Text,
  source: MediaSourceSchema,
  /** The typed error code (the details are in the server log). */
  code: v.optional(Text),
  /** Older packages: the error's message. */
  error: v.optional(Text),
});

const FinalizedSegment = v.object({
  /** The playable file (a repaired copy when the original needed one). */
  file: Text,
  peerId: Text,
  source: MediaSourceSchema,
  startMs: v.nullable(TimelineMs),
  endMs: v.nullable(TimelineMs),
  repaired: v.boolean(),
  /** Video: the recorded size and frame rate, and whether it is below the configured minimum. */
  width: v.optional(Count),
  height: v.optional(Count),
  frameRate: v.optional(v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0)))),
  belowMinimum: v.optional(v.boolean()),
});

const FinalizedGap = v.object({
  trackKey: Text,
  peerId: Text,
  source: MediaSourceSchema,
  fromMs: TimelineMs,
  toMs: TimelineMs,
  durationMs: TimelineMs,
  reason: Text,
  cause: v.optional(CoverageCause),
  open: v.optional(v.boolean()),
  /** Whether the gap makes the recording incomplete. */
  counts: v.optional(v.boolean()),
});

/** One defect that makes a recording incomplete. */
const RecordingProblem = v.object({
  reason: v.picklist(INCOMPLETE_REASONS),
  trackKey: v.nullable(Text),
  file: v.nullable(Text),
  detail: Text,
});

export const RecordingFinalized = v.object({
  recordingId: Text,
  /** The one completeness verdict (timing summary, status, manifest). */
  complete: v.boolean(),
  incomplete: v.optional(IncompleteReasons),
  /** The first 100 problems (the timing summary has all). */
  problems: v.optional(v.array(RecordingProblem)),
  recovered: v.boolean(),
  /** Name of the timing summary file (`recording-<id>.timing.json`). */
  timing: Text,
  files: v.array(Text),
  segments: v.array(FinalizedSegment),
  /** The first 100 gaps (the timing summary has all). */
  gaps: v.array(FinalizedGap),
});

/** A recording a crash left behind, finished at the next start: as `recording.finalized`, or files only (no timing). */
export const RecordingRecovered = v.object({
  recordingId: Text,
  complete: v.boolean(),
  incomplete: v.optional(IncompleteReasons),
  problems: v.optional(v.array(RecordingProblem)),
  recovered: v.optional(v.boolean()),
  timing: v.nullable(Text),
  files: v.array(Text),
  segments: v.optional(v.array(FinalizedSegment)),
  gaps: v.optional(v.array(FinalizedGap)),
});
