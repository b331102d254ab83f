import { JourneyAction, JourneyDefinition, JourneyEngineEvent, JourneyState, Slug } from '@aircounter/journeys';
import * as v from 'valibot';
import { Empty, Id } from './common.ts';
import { EvidenceFrame, StartLivenessResponse } from './liveness.ts';

/** `journeyState`: the session's journey definition (defaults applied) and where it stands. */
export const JourneyStateRequest = Empty;
export const JourneyStateResponse = v.object({ definition: JourneyDefinition, state: JourneyState });

/** `journeyAction`: one action on one step; the answer is the state after it (a refusal is an error). */
export const JourneyActionRequest = JourneyAction;
export const JourneyActionResponse = v.object({ state: JourneyState });

/**
 * `replayDisclosure`: plays the open disclosure step's speech once more ("please say that again"). Answers when
 * playback started; bounded by the server's repeat limit (RATE_LIMITED), SPEECH_BUSY while speech still plays.
 */
export const ReplayDisclosureRequest = v.strictObject({ stepId: Slug });
export const ReplayDisclosureResponse = v.object({ durationMs: v.number() });

/**
 * `journeyChanged` (to every participant): the state after a change and what
 * happened, in order. `mediaTimeMs` is the recording's media time of the
 * change when the session is being recorded.
 */
export const JourneyChanged = v.object({
  state: JourneyState,
  events: v.array(JourneyEngineEvent),
  mediaTimeMs: v.optional(v.number()),
});

/**
 * `startGestureConfirmation` (customer): asks the server to check a nod or a shake for the open step (and the
 * question's answer it confirms). The answer is a single-use nonce bound to the session, step, answer and
 * gesture, with the head moves to show (`nod`; `turnLeft` and `turnRight` in a random order for a shake).
 */
export const StartGestureConfirmationRequest = v.strictObject({
  stepId: Slug,
  answerId: v.optional(Slug),
  gesture: v.picklist(['nod', 'shake']),
});
export const StartGestureConfirmationResponse = v.object({
  ...StartLivenessResponse.entries,
  /** Gesture and voice checks this step still allows after this one. */
  attemptsLeft: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/**
 * `submitGestureConfirmation` (customer): the evidence frames (a neutral frontal frame, then one per head move,
 * as for liveness). The server re-runs the face models on them; a passed verdict's `verification` is what the
 * `answer` or `complete` action names, once.
 */
export const SubmitGestureConfirmationRequest = v.strictObject({
  nonce: Id,
  frames: v.pipe(v.array(EvidenceFrame), v.minLength(1), v.maxLength(3)),
});

/** Largest voice clip a browser may send, bytes (about 10 s of Opus at 64 kbit/s, twice over). */
export const MAX_VOICE_CLIP_BYTES = 160_000;

/**
 * `submitVoiceConfirmation` (customer): a short clip of the customer saying the answer (or the confirmation of a
 * step without answers), recorded by the browser. CONFIRMATION_UNAVAILABLE when the server has no speech verifier.
 */
export const SubmitVoiceConfirmationRequest = v.strictObject({
  stepId: Slug,
  answerId: v.optional(Slug),
  mediaType: v.picklist(['audio/webm', 'audio/ogg', 'audio/wav', 'audio/mp4']),
  audioBase64: v.pipe(
    v.string(),
    v.minLength(4),
    v.maxLength(Math.ceil(MAX_VOICE_CLIP_BYTES / 3) * 4),
    v.regex(/^[A-Za-z0-9+/]+=*$/, 'base64'),
  ),
});

/** The server's verdict on a gesture or spoken confirmation (the customer learns pass/fail, not the scores). */
export const ConfirmationVerdict = v.object({
  /** Name it in the `answer` or `complete` action (`verification`) when `passed`. */
  verification: Id,
  passed: v.boolean(),
  attemptsLeft: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type ConfirmationVerdict = v.InferOutput<typeof ConfirmationVerdict>;
