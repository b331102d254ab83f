import {
  CompletionConfirmation,
  JOURNEY_ACTORS,
  JOURNEY_LOCALES,
  RiskAssessment,
  STEP_KINDS,
} from '@aircounter/journeys';
import * as v from 'valibot';
import { Count, Sha256, Text } from './common.ts';

// Scripted journeys (双录), written by the journey service (server/src/journeys). Every entry
// carries the recording's media time while the session is recorded, so each step can be found on the recording.

const StepRef = {
  stepId: Text,
  /** The step's position in the definition, from 0. */
  index: Count,
  kind: v.picklist(STEP_KINDS),
};

/** The session's journey began: the definition it runs is a `journey-definition` artifact named by its hash. */
export const JourneyStarted = v.object({
  journeyId: Text,
  version: Count,
  definitionSha256: Sha256,
  stepCount: Count,
  /** The locale every step's text is shown (and hashed) in. */
  locale: v.picklist(JOURNEY_LOCALES),
});

/** A step opened. `textSha256`: SHA-256 of the exact text shown (UTF-8), absent for a step that shows none. */
export const JourneyStepStarted = v.object({
  ...StepRef,
  attempt: Count,
  textSha256: v.optional(Sha256),
});

export const JourneyStepCompleted = v.object({
  ...StepRef,
  by: v.picklist(JOURNEY_ACTORS),
  confirmation: v.optional(CompletionConfirmation),
  answerId: v.optional(Text),
  /** The `journey.confirmation.verified` entry (its `verification`) a nod, shake or voice confirmation used. */
  verification: v.optional(Text),
  /** The agent's reason: an attestation or a suitability override. */
  reason: v.optional(Text),
  /** A questionnaire's score, level and suitability. */
  risk: v.optional(RiskAssessment),
  /** The agent overrode a suitability mismatch (flagged for review). */
  overridden: v.optional(v.boolean()),
});

/** The customer gave an answer the question does not accept; the question stays open. */
export const JourneyStepAnswered = v.object({
  ...StepRef,
  answerId: Text,
  accepted: v.literal(false),
  confirmation: CompletionConfirmation,
  verification: v.optional(Text),
});

/**
 * The server's own verdict on a nod or shake (the face models re-run on the frames the customer's browser sent,
 * as for liveness) or on a spoken answer (the configured speech verifier on the audio the browser sent). A step
 * completes with a nod, shake or voice only by naming a passed verdict of the same kind, step and answer, once.
 */
export const JourneyConfirmationVerified = v.object({
  /** Single-use id the `answer` or `complete` action names. */
  verification: Text,
  peerId: Text,
  stepId: Text,
  answerId: v.optional(Text),
  confirmation: v.picklist(['nod', 'shake', 'voice']),
  passed: v.boolean(),
  /** Machine-readable reasons for a refusal (e.g. `not-shown:nod`); empty when passed. */
  reasons: v.array(Text),
  /** Nod and shake: the head moves asked for (nod; turnLeft and turnRight for a shake), and each frame checked. */
  challenges: v.optional(v.array(Text)),
  frames: v.optional(
    v.array(
      v.object({
        challenge: Text,
        sha256: Sha256,
        faceCount: Count,
        /** The frame's file in the package; null when frames are not kept. */
        file: v.nullable(Text),
      }),
    ),
  ),
  /** Same person as in the session's ID photo, when the bank set one (descriptor distance and threshold). */
  faceMatch: v.optional(v.object({ passed: v.boolean(), distance: v.number(), threshold: v.number() })),
  /** Voice: the engine and model, SHA-256 of the transcript, its confidence and the audio's SHA-256. */
  engine: v.optional(Text),
  transcriptSha256: v.optional(Sha256),
  confidence: v.optional(v.number()),
  audioSha256: v.optional(Sha256),
  audioBytes: v.optional(Count),
  /** The server's signature over the verdict (the liveness decision key). */
  keyId: v.optional(Text),
  signature: v.optional(Text),
});

/** A questionnaire found the product unsuitable; the step waits for the agent's override. */
export const JourneyStepAwaitingOverride = v.object({ ...StepRef, risk: RiskAssessment });

export const JourneyStepInterrupted = v.object({ ...StepRef, reason: Text });

export const JourneyStepSkipped = v.object({ ...StepRef, by: v.literal('agent'), reason: Text });

/** A questionnaire found the product unsuitable and the definition blocks the sale. */
export const JourneyBlocked = v.object({ ...StepRef, risk: RiskAssessment });

/** Every step is done. */
export const JourneyCompleted = v.object({ stepCount: Count });

/** The verdict when the package is sealed. */
export const JourneyEnded = v.object({
  complete: v.boolean(),
  missing: v.array(Text),
  interrupted: v.array(Text),
});
