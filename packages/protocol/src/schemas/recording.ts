import * as v from 'valibot';
import { MAX_TEXT_LENGTH } from '../limits.ts';
import { Empty, Id } from './common.ts';

/** Recording lifecycle (LiveKit Egress-like): one explicit state machine. */
export const RECORDING_STATES = ['idle', 'starting', 'active', 'ending', 'complete', 'failed', 'aborted'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

export const RecordingStatus = v.object({
  state: v.picklist(RECORDING_STATES),
  recordingId: v.optional(Id),
  /** Wall-clock ms when the state was entered. */
  since: v.number(),
  consentGiven: v.boolean(),
  reason: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH))),
});
export type RecordingStatus = v.InferOutput<typeof RecordingStatus>;

export const GiveConsentRequest = v.strictObject({
  /** Version id of the consent text the customer was shown (bank-defined). */
  consentTextVersion: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** What the customer did to consent, e.g. "button:accept" or "voice:yes". */
  action: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Locale the text was shown in. */
  locale: v.pipe(v.string(), v.maxLength(16)),
});
export const StartRecordingRequest = Empty;
export const StopRecordingRequest = Empty;
export const RecordingStatusResponse = RecordingStatus;
