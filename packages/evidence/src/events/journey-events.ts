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
