import * as v from 'valibot';
import { MAX_TEXT_LENGTH } from '../limits.ts';
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
  reason: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH))),
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
