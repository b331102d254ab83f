import { VERIFIED_CONFIRMATIONS, type JourneyAction, type SystemInput, type VerifiedConfirmation } from './actions.ts';
import { documentSha256For, type JourneyDefinition, type JourneyStep } from './definition.ts';
import type { JourneyEngineEvent, JourneySummary } from './events.ts';
import { refusal, type Refusal } from './refusals.ts';
import { isSuitable, riskLevelForScore } from './risk.ts';
import {
  isDone,
  nextStepIndex,
  type CompletionConfirmation,
  type JourneyState,
  type RiskAssessment,
  type StepOutcome,
  type StepState,
} from './state.ts';

/**
 * The journey engine: a pure function of (state, input, context) that returns
 * the next state and the events of the change, or a typed refusal that
 * changes nothing. The server is its only caller and the only authority.
 *
 * One step at a time, in order:
 *
 * ```
 *             start (agent)            complete | answer | attest | submit (suitable)
 * pending ────────────────► active ───────────────────────────────────────────► completed
 *    │                       │  │ submit (unsuitable, agent-override)
 *    │ skip (optional,       │  └──────────────► awaiting-override ──override──► completed
 *    │       agent)          │                         │ (block: journey blocked)
 *    ▼                       │ recording lost           │ recording lost
 * skipped ◄──skip────────────┤                         ▼
 *                            └─────────────────► interrupted ──start (agent)──► active
 *
 * journey: in-progress ──last step done──► completed
 *          in-progress ──unsuitable + block──► blocked
 *          any ──end (session sealed)──► ended   (summary: complete | missing | interrupted)
 * ```
 *
 * Checks, in this order (the first failing one is the refusal): the journey
 * is still running; the action id is new; the action limit; the step exists;
 * the sale is not blocked; the caller's role; the action fits the step's kind;
 * the step is the open one (order, mandatory); the recording is active when
 * the step needs it; the minimum duration passed; the action's content; a
 * nod, shake or voice confirmation names the server's verdict for it.
 */

export interface EngineContext {
  /** The caller's role (from its token). */
  readonly role: string;
  /** Server time, ms since the epoch. */
  readonly now: number;
  /** Whether the session is being recorded now, every participant included. */
  readonly recordingActive: boolean;
  /** Whether the customer's liveness and face match were accepted in this session. */
  readonly identityVerified: boolean;
  /**
   * SHA-256s of the documents the customer confirmed having read in this session (with their short codes); a
   * `document` step needs the one of the session's locale.
   */
  readonly documentsRead: ReadonlySet<string>;
  /** Most actions one journey accepts (applied actions count). */
  readonly maxActions: number;
  /**
   * The server's verified verdict the action names (`verification`), when the server holds one that is unused
   * in this session. Nod, shake and voice are accepted only with one of the same kind, step and answer.
   */
  readonly verified?: VerifiedVerdict;
}

/** What the server verified from frames (nod, shake) or audio (voice), and for what. */
export interface VerifiedVerdict {
  readonly id: string;
  readonly confirmation: VerifiedConfirmation;
  readonly stepId: string;
  /** The question's answer it confirms; absent for a step without answers. */
  readonly answerId?: string;
}

export type EngineResult =
  | { readonly ok: true; readonly state: JourneyState; readonly events: readonly JourneyEngineEvent[] }
  | { readonly ok: false; readonly refusal: Refusal };

/** Applies a participant's action. */
export function applyAction(
  definition: JourneyDefinition,
  state: JourneyState,
  action: JourneyAction,
  context: EngineContext,
): EngineResult {
  if (state.status === 'completed' || state.status === 'ended') {
    return refuse('journey-ended', 'the journey is over');
  }
  if (state.actionIds.includes(action.actionId)) {
    return refuse('duplicate-action', `action ${action.actionId} was already applied`);
  }
  if (state.actionIds.length >= context.maxActions) {
    return refuse('action-limit', `the journey accepts at most ${context.maxActions} actions`);
  }
  const index = definition.steps.findIndex((s) => s.id === action.stepId);
  const step = definition.steps[index];
  const current = state.steps[index];
  if (step === undefined || current === undefined) {
    return refuse('invalid-action', `the journey has no step ${action.stepId}`);
  }
  if (state.status === 'blocked') return refuse('blocked', 'a suitability mismatch blocked the sale');

  const actor = actorOf(action, step);
  if (context.role !== actor) return refuse('wrong-actor', `${action.type} on ${step.id} is for the ${actor}`);
  if (!fitsKind(action, step)) return refuse('invalid-action', `a ${step.kind} step does not accept ${action.type}`);

  const next = nextStepIndex(state);
  const applied = (steps: StepState[], events: JourneyEngineEvent[]): EngineResult =>
    commit(state, steps, events, action.actionId);

  switch (action.type) {
    case 'start': {
      const order = checkOrder(definition, state, index, next, 'start');
      if (order !== undefined) return { ok: false, refusal: order };
      if (current.status !== 'pending' && current.status !== 'interrupted') {
        return refuse('out-of-order', `step ${step.id} is already ${current.status}`);
      }
      if (step.needsRecording && !context.recordingActive) {
        return refuse('recording-not-active', `step ${step.id} needs the recording`);
      }
      const attempt = current.attempts + 1;
      const started: StepState = { status: 'active', attempts: attempt, startedAt: context.now };
      return applied(replace(state.steps, index, started), [{ type: 'step.started', ...ref(step, index), attempt }]);
    }
    case 'skip': {
      if (step.mandatory) return refuse('step-mandatory', `step ${step.id} is mandatory`);
      const order = checkOrder(definition, state, index, next, 'skip');
      if (order !== undefined) return { ok: false, refusal: order };
      const skipped: StepState = {
        ...current,
        status: 'skipped',
        endedAt: context.now,
        outcome: { by: 'agent', reason: action.reason },
      };
      return finish(definition, state, replace(state.steps, index, skipped), action.actionId, [
        { type: 'step.skipped', ...ref(step, index), by: 'agent', reason: action.reason },
      ]);
    }
    case 'override': {
      if (current.status !== 'awaiting-override' || current.pendingRisk === undefined) {
        return refuse('out-of-order', `step ${step.id} is not waiting for an override`);
      }
      const blocked = checkRunning(step, context, current);
      if (blocked !== undefined) return { ok: false, refusal: blocked };
      const outcome: StepOutcome = {
        by: 'agent',
        confirmation: 'agent',
        reason: action.reason,
        risk: current.pendingRisk,
        overridden: true,
      };
      return complete(definition, state, index, outcome, context, action.actionId);
    }
    case 'complete':
    case 'answer':
    case 'attest':
    case 'submit-questionnaire': {
      if (current.status !== 'active') {
        return refuse('out-of-order', `step ${step.id} is ${current.status}, not open`);
      }
      const blocked = checkRunning(step, context, current);
      if (blocked !== undefined) return { ok: false, refusal: blocked };
      return act(definition, state, index, step, action, context);
    }
  }
}

/** Applies an input of the server itself: a recording gap, or the end of the session. */
export function applySystemInput(
  definition: JourneyDefinition,
  state: JourneyState,
  input: SystemInput,
  now: number,
): { readonly state: JourneyState; readonly events: readonly JourneyEngineEvent[] } {
  if (state.status === 'ended') return { state, events: [] };
  if (input.type === 'end') {
    const summary = summarize(definition, state);
    const ended: JourneyState = { ...state, status: 'ended', revision: state.revision + 1 };
    return { state: ended, events: [{ type: 'journey.ended', ...summary }] };
  }
  const events: JourneyEngineEvent[] = [];
  const steps = state.steps.map((current, index) => {
    const step = definition.steps[index];
    const open = current.status === 'active' || current.status === 'awaiting-override';
    if (step === undefined || !open || !step.needsRecording) return current;
    events.push({ type: 'step.interrupted', ...ref(step, index), reason: input.reason });
    return { status: 'interrupted', attempts: current.attempts, startedAt: current.startedAt, endedAt: now } as const;
  });
  if (events.length === 0) return { state, events };
  return { state: { ...state, steps, revision: state.revision + 1 }, events };
}

/** Whether the journey is complete, and which steps are missing or interrupted. */
export function summarize(definition: JourneyDefinition, state: JourneyState): JourneySummary {
  const missing: string[] = [];
  const interrupted: string[] = [];
  definition.steps.forEach((step, index) => {
    const current = state.steps[index];
    if (current?.status === 'interrupted') interrupted.push(step.id);
    else if (step.mandatory && current?.status !== 'completed') missing.push(step.id);
  });
  const mandatoryInterrupted = definition.steps.some(
    (step, index) => step.mandatory && state.steps[index]?.status === 'interrupted',
  );
  const complete = state.status !== 'blocked' && missing.length === 0 && !mandatoryInterrupted;
  return { complete, missing, interrupted };
}

function act(
  definition: JourneyDefinition,
  state: JourneyState,
  index: number,
  step: JourneyStep,
  action: Exclude<JourneyAction, { type: 'start' | 'skip' | 'override' }>,
  context: EngineContext,
): EngineResult {
  const by = step.actor;
  switch (action.type) {
    case 'complete': {
      if (step.kind === 'identity' && !context.identityVerified) {
        return refuse('invalid-action', 'liveness and face match have not been accepted yet');
      }
      if (step.kind === 'document' && !context.documentsRead.has(documentSha256For(step, state.locale))) {
        return refuse('invalid-action', 'the customer has not confirmed reading this document yet');
      }
      const confirmation = confirmationFor(step, action.confirmation);
      if (confirmation === undefined) {
        return refuse('invalid-action', `step ${step.id} does not accept confirmation ${action.confirmation}`);
      }
      const unverified = checkVerified(step, undefined, confirmation, action.verification, context);
      if (unverified !== undefined) return { ok: false, refusal: unverified };
      const verification = verifiedId(confirmation, action.verification);
      return complete(definition, state, index, { by, confirmation, ...verification }, context, action.actionId);
    }
    case 'answer': {
      if (step.kind !== 'question') return refuse('invalid-action', `a ${step.kind} step has no answers`);
      const answer = step.answers.find((a) => a.id === action.answerId);
      if (answer === undefined)
        return refuse('invalid-action', `question ${step.id} offers no answer ${action.answerId}`);
      if (!step.confirmations.includes(action.confirmation)) {
        return refuse('invalid-action', `question ${step.id} does not accept confirmation ${action.confirmation}`);
      }
      const unverified = checkVerified(step, answer.id, action.confirmation, action.verification, context);
      if (unverified !== undefined) return { ok: false, refusal: unverified };
      const verification = verifiedId(action.confirmation, action.verification);
      if (!answer.accepted) {
        const current = state.steps[index];
        if (current === undefined) return refuse('invalid-action', `the journey has no step ${step.id}`);
        const steps = replace(state.steps, index, { ...current, rejectedAnswerId: answer.id });
        return commit(
          state,
          steps,
          [
            {
              type: 'step.answered',
              ...ref(step, index),
              answerId: answer.id,
              accepted: false,
              confirmation: action.confirmation,
              ...verification,
            },
          ],
          action.actionId,
        );
      }
      const outcome: StepOutcome = {
        by: 'customer',
        confirmation: action.confirmation,
        answerId: answer.id,
        ...verification,
      };
      return complete(definition, state, index, outcome, context, action.actionId);
    }
    case 'attest': {
      if (step.kind === 'question') {
        // The last resort: the agent attests the customer's answer (the accepted one), flagged on the chain.
        const answer = step.answers.find((a) => a.accepted);
        const outcome: StepOutcome = {
          by: 'agent',
          confirmation: 'attestation',
          answerId: answer?.id,
          reason: action.reason,
        };
        return complete(definition, state, index, outcome, context, action.actionId);
      }
      const outcome: StepOutcome = { by: 'agent', confirmation: 'attestation', reason: action.reason };
      return complete(definition, state, index, outcome, context, action.actionId);
    }
    case 'submit-questionnaire': {
      if (step.kind !== 'questionnaire') return refuse('invalid-action', `a ${step.kind} step has no questionnaire`);
      let score = 0;
      for (const question of step.questions) {
        const optionId = action.answers[question.id];
        const option = question.options.find((o) => o.id === optionId);
        if (option === undefined) return refuse('invalid-action', `question ${question.id} needs one of its options`);
        score += option.score;
      }
      const extra = Object.keys(action.answers).find((id) => !step.questions.some((q) => q.id === id));
      if (extra !== undefined) return refuse('invalid-action', `the questionnaire has no question ${extra}`);
      const level = riskLevelForScore(step.bands, score);
      const risk: RiskAssessment = {
        score,
        level,
        productRisk: step.productRisk,
        suitable: isSuitable(level, step.productRisk),
      };
      if (risk.suitable) {
        return complete(
          definition,
          state,
          index,
          { by: 'customer', confirmation: 'tap', risk },
          context,
          action.actionId,
        );
      }
      const current = state.steps[index];
      if (current === undefined) return refuse('invalid-action', `the journey has no step ${step.id}`);
      if (step.onMismatch === 'block') {
        const steps = replace(state.steps, index, { ...current, pendingRisk: risk });
        const blocked = commit(state, steps, [{ type: 'journey.blocked', ...ref(step, index), risk }], action.actionId);
        return blocked.ok ? { ...blocked, state: { ...blocked.state, status: 'blocked' } } : blocked;
      }
      const waiting: StepState = { ...current, status: 'awaiting-override', pendingRisk: risk };
      return commit(
        state,
        replace(state.steps, index, waiting),
        [{ type: 'step.awaiting-override', ...ref(step, index), risk }],
        action.actionId,
      );
    }
  }
}

/** Marks the step completed; the journey completes with its last step. */
function complete(
  definition: JourneyDefinition,
  state: JourneyState,
  index: number,
  outcome: StepOutcome,
  context: EngineContext,
  actionId: string,
): EngineResult {
  const step = definition.steps[index];
  const current = state.steps[index];
  if (step === undefined || current === undefined) return refuse('invalid-action', 'no such step');
  const completed: StepState = {
    status: 'completed',
    attempts: current.attempts,
    startedAt: current.startedAt,
    endedAt: context.now,
    outcome,
  };
  return finish(definition, state, replace(state.steps, index, completed), actionId, [
    { type: 'step.completed', ...ref(step, index), ...outcome },
  ]);
}

function finish(
  definition: JourneyDefinition,
  state: JourneyState,
  steps: StepState[],
  actionId: string,
  events: JourneyEngineEvent[],
): EngineResult {
  const done = steps.length === definition.steps.length && steps.every(isDone);
  const result = commit(state, steps, done ? [...events, { type: 'journey.completed' }] : events, actionId);
  return done && result.ok ? { ...result, state: { ...result.state, status: 'completed' } } : result;
}

function commit(state: JourneyState, steps: StepState[], events: JourneyEngineEvent[], actionId: string): EngineResult {
  return {
    ok: true,
    state: { ...state, steps, revision: state.revision + 1, actionIds: [...state.actionIds, actionId] },
    events,
  };
}

/** Who may send this action on this step. */
function actorOf(action: JourneyAction, step: JourneyStep): 'customer' | 'agent' {
  switch (action.type) {
    case 'start':
    case 'skip':
    case 'override':
    case 'attest':
      return 'agent';
    case 'complete':
    case 'answer':
    case 'submit-questionnaire':
      return step.actor;
  }
}

function fitsKind(action: JourneyAction, step: JourneyStep): boolean {
  switch (action.type) {
    case 'start':
    case 'skip':
      return true;
    case 'complete':
      return !['question', 'questionnaire', 'agent-attestation'].includes(step.kind);
    case 'answer':
      return step.kind === 'question';
    case 'submit-questionnaire':
    case 'override':
      return step.kind === 'questionnaire';
    case 'attest':
      return step.kind === 'agent-attestation' || (step.kind === 'question' && step.allowAgentAttestation);
  }
}

/** A step may be started or skipped only when every step before it is done. */
function checkOrder(
  definition: JourneyDefinition,
  state: JourneyState,
  index: number,
  next: number | undefined,
  verb: 'start' | 'skip',
): Refusal | undefined {
  if (next === undefined || index < next) {
    return refusal('out-of-order', `step ${definition.steps[index]?.id} is already done`);
  }
  if (index === next) return undefined;
  const open = definition.steps[next];
  if (open === undefined) return refusal('out-of-order', 'no open step');
  const mandatoryBetween = definition.steps
    .slice(next, index)
    .some(
      (step, offset) => step.mandatory && !isDone(state.steps[next + offset] ?? { status: 'pending', attempts: 0 }),
    );
  return mandatoryBetween
    ? refusal('step-mandatory', `cannot ${verb} ${definition.steps[index]?.id} before mandatory step ${open.id}`)
    : refusal('out-of-order', `skip step ${open.id} before you ${verb} ${definition.steps[index]?.id}`);
}

/** The recording and the minimum duration, for an action that finishes a step. */
function checkRunning(step: JourneyStep, context: EngineContext, current: StepState): Refusal | undefined {
  if (step.needsRecording && !context.recordingActive) {
    return refusal('recording-not-active', `step ${step.id} needs the recording`);
  }
  const elapsed = context.now - (current.startedAt ?? context.now);
  if (elapsed < step.minDurationMs) {
    return refusal('too-early', `step ${step.id} lasts at least ${step.minDurationMs} ms (${elapsed} ms so far)`);
  }
  return undefined;
}

/** The confirmation of a `complete`: the customer's own (among those offered), or the agent's for an agent step. */
function confirmationFor(
  step: JourneyStep,
  requested: CompletionConfirmation | undefined,
): CompletionConfirmation | undefined {
  if (step.actor === 'agent') return requested === undefined ? 'agent' : undefined;
  const offered = step.kind === 'disclosure' ? step.confirmations : ['tap'];
  const confirmation = requested ?? 'tap';
  return offered.includes(confirmation) ? confirmation : undefined;
}

/**
 * A nod, shake or voice confirmation needs the server's verdict: the one the action names, of the same kind,
 * for this step and this answer (the service passes it only while unused in this session).
 */
function checkVerified(
  step: JourneyStep,
  answerId: string | undefined,
  confirmation: CompletionConfirmation,
  verification: string | undefined,
  context: EngineContext,
): Refusal | undefined {
  if (!isVerified(confirmation)) return undefined;
  const verified = context.verified;
  if (verification === undefined) {
    return refusal('unverified', `a ${confirmation} needs the server's verification of it`);
  }
  if (verified === undefined || verified.id !== verification) {
    return refusal('unverified', `verification ${verification} is unknown, refused or already used`);
  }
  if (verified.confirmation !== confirmation) {
    return refusal('unverified', `verification ${verification} is a ${verified.confirmation}, not a ${confirmation}`);
  }
  if (verified.stepId !== step.id || verified.answerId !== answerId) {
    return refusal('unverified', `verification ${verification} is for another step or answer`);
  }
  return undefined;
}

function isVerified(confirmation: CompletionConfirmation): confirmation is VerifiedConfirmation {
  return (VERIFIED_CONFIRMATIONS as readonly string[]).includes(confirmation);
}

/** The verdict's id for the step's outcome, only for a confirmation that needed one. */
function verifiedId(confirmation: CompletionConfirmation, verification: string | undefined): { verification?: string } {
  return isVerified(confirmation) && verification !== undefined ? { verification } : {};
}

function ref(step: JourneyStep, index: number) {
  return { stepId: step.id, index, kind: step.kind };
}

function replace(steps: readonly StepState[], index: number, step: StepState): StepState[] {
  return steps.map((current, i) => (i === index ? step : current));
}

function refuse(reason: Refusal['reason'], message: string): EngineResult {
  return { ok: false, refusal: refusal(reason, message) };
}
