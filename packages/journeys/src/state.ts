import * as v from 'valibot';
import { ActionId, Reason } from './actions.ts';
import { JOURNEY_ACTORS, JourneyRef, Slug, type JourneyDefinition } from './definition.ts';
import { JOURNEY_LOCALES } from './locales.ts';
import { CustomerRiskLevelSchema, ProductRiskLevelSchema } from './risk.ts';

export const STEP_STATUSES = ['pending', 'active', 'awaiting-override', 'completed', 'skipped', 'interrupted'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** How a completed step was confirmed: the customer's own ways, the agent acting, or the agent attesting for the customer. */
export const COMPLETION_CONFIRMATIONS = ['tap', 'nod', 'shake', 'voice', 'attestation', 'agent'] as const;
export const CompletionConfirmation = v.picklist(COMPLETION_CONFIRMATIONS);
export type CompletionConfirmation = v.InferOutput<typeof CompletionConfirmation>;

const Ms = v.pipe(v.number(), v.integer(), v.minValue(0));

/** The outcome of a questionnaire: its score, the level it gives and whether the product suits it. */
export const RiskAssessment = v.strictObject({
  score: v.pipe(v.number(), v.integer(), v.minValue(0)),
  level: CustomerRiskLevelSchema,
  productRisk: ProductRiskLevelSchema,
  suitable: v.boolean(),
});
export type RiskAssessment = v.InferOutput<typeof RiskAssessment>;

/** How a step ended, as the evidence records it. */
export const StepOutcome = v.strictObject({
  by: v.picklist(JOURNEY_ACTORS),
  confirmation: v.optional(CompletionConfirmation),
  answerId: v.optional(Slug),
  /** The server's verdict on a nod, shake or voice confirmation (its id on the evidence chain). */
  verification: v.optional(v.string()),
  /** An agent's reason: attestation, override or skip. */
  reason: v.optional(Reason),
  risk: v.optional(RiskAssessment),
  overridden: v.optional(v.boolean()),
});
export type StepOutcome = v.InferOutput<typeof StepOutcome>;

export const StepState = v.strictObject({
  status: v.picklist(STEP_STATUSES),
  /** How many times the step was started (an interrupted step is started again). */
  attempts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  startedAt: v.optional(Ms),
  endedAt: v.optional(Ms),
  outcome: v.optional(StepOutcome),
  /** The last answer given that was not accepted (the question stays open). */
  rejectedAnswerId: v.optional(Slug),
  /** A questionnaire's assessment while it waits for the agent's override. */
  pendingRisk: v.optional(RiskAssessment),
});
export type StepState = v.InferOutput<typeof StepState>;

export const JOURNEY_STATUSES = ['in-progress', 'completed', 'blocked', 'ended'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

/**
 * A session's journey position: the whole state the engine needs besides the
 * definition. Stored as one row, sent to every participant on each change.
 */
export const JourneyState = v.strictObject({
  journey: JourneyRef,
  locale: v.picklist(JOURNEY_LOCALES),
  status: v.picklist(JOURNEY_STATUSES),
  /** Increases by one with every change (clients drop a notification older than what they hold). */
  revision: v.pipe(v.number(), v.integer(), v.minValue(0)),
  steps: v.array(StepState),
  /** Ids of every action applied, so a replay is refused (bounded by the action limit). */
  actionIds: v.array(ActionId),
});
export type JourneyState = v.InferOutput<typeof JourneyState>;

/** The state of a journey nobody has acted on yet. */
export function initialJourneyState(definition: JourneyDefinition, locale: JourneyState['locale']): JourneyState {
  return {
    journey: { id: definition.id, version: definition.version },
    locale,
    status: 'in-progress',
    revision: 0,
    steps: definition.steps.map(() => ({ status: 'pending', attempts: 0 })),
    actionIds: [],
  };
}

/** Whether a step no longer blocks the ones after it. */
export function isDone(step: StepState): boolean {
  return step.status === 'completed' || step.status === 'skipped';
}

/** The index of the first step not done yet, or `undefined` when every step is done. */
export function nextStepIndex(state: JourneyState): number | undefined {
  const index = state.steps.findIndex((step) => !isDone(step));
  return index === -1 ? undefined : index;
}
