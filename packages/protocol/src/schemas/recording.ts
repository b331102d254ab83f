import * as v from 'valibot';
import { Empty, FreeText, Id, MediaSourceSchema, RoleSchema } from './common.ts';

/** Recording lifecycle (LiveKit Egress-like): one explicit state machine. */
export const RECORDING_STATES = ['idle', 'starting', 'active', 'ending', 'complete', 'failed', 'aborted'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

/**
 * Why a participant's track is not being recorded. The same causes label the
 * gaps in the evidence package, so what people see live and what the package
 * says come from one source.
 */
export const COVERAGE_CAUSES = [
  'network',
  'camera-off',
  'track-closed',
  'recorder-restart',
  'server-restart',
  'participant-left',
  'not-published',
] as const;
export type CoverageCause = (typeof COVERAGE_CAUSES)[number];

/**
 * Live truth about one recorded track of one participant while a recording
 * is active: is it being written right now, since when, and at what quality.
 */
export const TrackCoverage = v.object({
  peerId: Id,
  role: RoleSchema,
  source: MediaSourceSchema,
  /** True while packets of this track reach the recorder. */
  recorded: v.boolean(),
  /** Wall-clock ms of the last change of `recorded`. */
  since: v.number(),
  /** Media time (ms since the recording's origin) of the last change; null before it started. */
  sinceMediaTimeMs: v.nullable(v.number()),
  /** Why it is not recorded (only when `recorded` is false). */
  cause: v.optional(v.picklist(COVERAGE_CAUSES)),
  /** Resolution and frame rate being recorded (video only, when known). */
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  frameRate: v.optional(v.number()),
  /** The recorded resolution is below the configured minimum for this role. */
  belowMinimum: v.optional(v.boolean()),
});
export type TrackCoverage = v.InferOutput<typeof TrackCoverage>;

/**
 * Why a recording is in its state, as a code clients can translate (never a
 * server message: ffmpeg's output and file paths stay in the server log).
 *
 * - `session-ended`: the session ended normally; `server-shutdown`: the server stopped;
 *   `worker-died`: the media worker died.
 * - `recorder-unavailable`: the recorder could not start (ffmpeg missing or not listening).
 * - `finalization-failed`: the files could not be measured or handed to the evidence store.
 * - `consent-declined` / `consent-withdrawn`: the customer declined or withdrew consent; the recording stopped.
 */
export const RECORDING_REASONS = [
  'session-ended',
  'server-shutdown',
  'worker-died',
  'recorder-unavailable',
  'finalization-failed',
  'consent-declined',
  'consent-withdrawn',
] as const;
export type RecordingReason = (typeof RECORDING_REASONS)[number];

/**
 * Why a finished recording is not complete (one code per kind of defect; the
 * package's timing file has the details per track and gap).
 *
 * - `gap`: a track was not recorded for longer than the stall threshold, or was interrupted.
 * - `track-failed`: a track could not be recorded, or its file holds no media.
 * - `track-short`: a track's file holds far less media than was sent (frozen or lost frames).
 * - `file-repaired`: a file was not finished by its recorder and was repaired.
 * - `file-unreadable`: a file cannot be read.
 * - `recovered`: the recording was recovered after the server stopped abruptly.
 * - `timing-damaged`: the timing log was cut (a crash while writing it).
 * - `recording-failed`: the recording itself ended as failed or aborted.
 */
export const INCOMPLETE_REASONS = [
  'gap',
  'track-failed',
  'track-short',
  'file-repaired',
  'file-unreadable',
  'recovered',
  'timing-damaged',
  'recording-failed',
] as const;
export type IncompleteReason = (typeof INCOMPLETE_REASONS)[number];

/**
 * Where the customer's consent stands. `given` and `external` allow recording;
 * `declined` and `withdrawn` stop it until the customer consents again.
 */
export const CONSENT_STATES = ['pending', 'given', 'external', 'declined', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** What the bank does when the customer declines or withdraws consent (AIR_RECORDING_CONSENT_DECLINE). */
export const CONSENT_DECLINE_OUTCOMES = ['continue-unrecorded', 'end'] as const;
export type ConsentDeclineOutcome = (typeof CONSENT_DECLINE_OUTCOMES)[number];

export const RecordingStatus = v.object({
  state: v.picklist(RECORDING_STATES),
  recordingId: v.optional(Id),
  /** Wall-clock ms when the state was entered. */
  since: v.number(),
  consentGiven: v.boolean(),
  /** The consent in detail (absent from servers that only report `consentGiven`). */
  consent: v.optional(v.picklist(CONSENT_STATES)),
  /** What follows a decline or a withdrawal in this deployment. */
  onDecline: v.optional(v.picklist(CONSENT_DECLINE_OUTCOMES)),
  reason: v.optional(v.picklist(RECORDING_REASONS)),
  /**
   * Once finished (`complete`, `failed`, `aborted`): whether the files hold the
   * whole recording, and if not, why. Derived from the same data as the
   * package's timing file and manifest.
   */
  complete: v.optional(v.boolean()),
  incomplete: v.optional(v.array(v.picklist(INCOMPLETE_REASONS))),
  /** Per participant and track, while a recording is active (absent otherwise). */
  coverage: v.optional(v.array(TrackCoverage)),
});
export type RecordingStatus = v.InferOutput<typeof RecordingStatus>;

export const GiveConsentRequest = v.strictObject({
  /** Version id of the consent text the customer was shown (bank-defined). */
  consentTextVersion: FreeText(64, { minLength: 1 }),
  /** What the customer did to consent, e.g. "button:accept" or "voice:yes". */
  action: FreeText(64, { minLength: 1 }),
  /** Locale the text was shown in. */
  locale: FreeText(16),
});
/** The customer declines the recording of the session (logged as `consent.declined`). */
export const DeclineConsentRequest = v.strictObject({
  consentTextVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** What the customer did, e.g. "button:decline". */
  action: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  locale: v.pipe(v.string(), v.maxLength(16)),
});
/** The customer withdraws a consent given earlier: a running recording stops (logged as `consent.withdrawn`). */
export const WithdrawConsentRequest = v.strictObject({
  /** What the customer did, e.g. "button:withdraw". */
  action: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  locale: v.pipe(v.string(), v.maxLength(16)),
});
export const StartRecordingRequest = Empty;
export const StopRecordingRequest = Empty;
export const RecordingStatusResponse = RecordingStatus;
