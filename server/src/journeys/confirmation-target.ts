import type { JourneyDefinition, JourneyState, JourneyStep } from '@aircounter/journeys';
import { AirError } from '@aircounter/protocol';

/** The step (and answer) a gesture or voice check is asked for, once it is known to be checkable now. */
export interface ConfirmationTarget {
  readonly step: JourneyStep;
  readonly answerId?: string;
}

/**
 * Checks that a nod, shake or voice check is asked for the open step of a running journey, a customer's
 * question or disclosure that offers that confirmation, with one of the question's answers (and none for a
 * disclosure). Checked before any frame or audio is looked at, so nothing is measured for a step it cannot
 * complete.
 */
export function confirmationTarget(
  definition: JourneyDefinition,
  state: JourneyState,
  request: { readonly stepId: string; readonly answerId?: string | undefined },
  confirmation: 'nod' | 'shake' | 'voice',
): ConfirmationTarget {
  if (state.status !== 'in-progress') throw new AirError('JOURNEY_ENDED', 'the journey is not running');
  const index = definition.steps.findIndex((s) => s.id === request.stepId);
  const step = definition.steps[index];
  if (step === undefined) throw new AirError('JOURNEY_ACTION_INVALID', `the journey has no step ${request.stepId}`);
  if (state.steps[index]?.status !== 'active') {
    throw new AirError('JOURNEY_OUT_OF_ORDER', `step ${step.id} is not open`);
  }
  if (step.kind !== 'question' && step.kind !== 'disclosure') {
    throw new AirError('JOURNEY_ACTION_INVALID', `a ${step.kind} step is confirmed by a tap only`);
  }
  if (!step.confirmations.includes(confirmation)) {
    throw new AirError('JOURNEY_ACTION_INVALID', `step ${step.id} does not accept confirmation ${confirmation}`);
  }
  if (step.kind === 'disclosure') {
    if (request.answerId !== undefined) throw new AirError('JOURNEY_ACTION_INVALID', 'a disclosure has no answers');
    return { step };
  }
  if (!step.answers.some((answer) => answer.id === request.answerId)) {
    throw new AirError(
      'JOURNEY_ACTION_INVALID',
      `question ${step.id} offers no answer ${request.answerId ?? '(none)'}`,
    );
  }
  return { step, answerId: request.answerId };
}
