import type { StepKind } from './definition.ts';
import type { CompletionConfirmation, RiskAssessment, StepOutcome } from './state.ts';

interface StepRef {
  readonly stepId: string;
  readonly index: number;
  readonly kind: StepKind;
}

/**
 * What a transition tells the world. The server writes each as an evidence
 * event (`journey.step.started`, …) and sends them to every participant.
 */
export type JourneyEngineEvent =
  | ({ readonly type: 'step.started'; readonly attempt: number } & StepRef)
  | ({ readonly type: 'step.completed' } & StepRef & StepOutcome)
  | ({
      readonly type: 'step.answered';
      readonly answerId: string;
      readonly accepted: false;
      readonly confirmation: CompletionConfirmation;
    } & StepRef)
  | ({ readonly type: 'step.awaiting-override'; readonly risk: RiskAssessment } & StepRef)
  | ({ readonly type: 'step.interrupted'; readonly reason: string } & StepRef)
  | ({ readonly type: 'step.skipped'; readonly by: 'agent'; readonly reason: string } & StepRef)
  | ({ readonly type: 'journey.blocked'; readonly risk: RiskAssessment } & StepRef)
  | { readonly type: 'journey.completed' }
  | ({ readonly type: 'journey.ended' } & JourneySummary);

export type JourneyEngineEventType = JourneyEngineEvent['type'];

/** The verdict written when the session's evidence is sealed. */
export interface JourneySummary {
  /** Every mandatory step completed and the sale not blocked. */
  readonly complete: boolean;
  /** Mandatory steps never completed (not started, still open, or waiting for an override), in order. */
  readonly missing: readonly string[];
  /** Steps whose last attempt was interrupted by a recording gap, in order. */
  readonly interrupted: readonly string[];
}
