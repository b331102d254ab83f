import * as v from 'valibot';
import { Reason } from './actions.ts';
import { JourneyStep, Slug } from './definition.ts';
import { CompletionConfirmation, RiskAssessment, StepOutcome } from './state.ts';

const stepRef = {
  stepId: Slug,
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  kind: v.picklist(JourneyStep.options.map((option) => option.entries.kind.literal)),
};

/** The verdict written when the session's evidence is sealed. */
export const JourneySummary = v.strictObject({
  /** Every mandatory step completed and the sale not blocked. */
  complete: v.boolean(),
  /** Mandatory steps never completed (not started, still open, or waiting for an override), in order. */
  missing: v.array(Slug),
  /** Steps whose last attempt was interrupted by a recording gap, in order. */
  interrupted: v.array(Slug),
});
export type JourneySummary = v.InferOutput<typeof JourneySummary>;

/**
 * What a transition tells the world. The server writes each as an evidence
 * event (`journey.step.started`, …) and sends them to every participant in
 * the `journeyChanged` notification.
 */
export const JourneyEngineEvent = v.variant('type', [
  v.strictObject({
    type: v.literal('step.started'),
    ...stepRef,
    attempt: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  v.strictObject({ type: v.literal('step.completed'), ...stepRef, ...StepOutcome.entries }),
  v.strictObject({
    type: v.literal('step.answered'),
    ...stepRef,
    answerId: Slug,
    accepted: v.literal(false),
    confirmation: CompletionConfirmation,
    verification: v.optional(v.string()),
  }),
  v.strictObject({ type: v.literal('step.awaiting-override'), ...stepRef, risk: RiskAssessment }),
  v.strictObject({ type: v.literal('step.interrupted'), ...stepRef, reason: v.pipe(v.string(), v.maxLength(200)) }),
  v.strictObject({ type: v.literal('step.skipped'), ...stepRef, by: v.literal('agent'), reason: Reason }),
  v.strictObject({ type: v.literal('journey.blocked'), ...stepRef, risk: RiskAssessment }),
  v.strictObject({ type: v.literal('journey.completed') }),
  v.strictObject({ type: v.literal('journey.ended'), ...JourneySummary.entries }),
]);
export type JourneyEngineEvent = v.InferOutput<typeof JourneyEngineEvent>;
export type JourneyEngineEventType = JourneyEngineEvent['type'];
