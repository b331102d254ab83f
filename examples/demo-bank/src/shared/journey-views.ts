// Pure mapping between the journey the server holds (`session.journey`:
// definition + state) and the journey elements: the view models of
// <air-journey> (customer) and <air-script-prompter> (agent), and the
// `session.journey` call each `air-journey-action` stands for. No I/O: the
// page's binding (journey-binding.ts) feeds it and performs the calls.
import type {
  JourneyActionDetail,
  JourneyStepState,
  JourneyStepView,
  JourneyView,
  PrompterAction,
  PrompterOutlineStep,
  PrompterView,
  QuestionnaireView,
} from '@aircounter/elements';
import {
  stepText,
  summarize,
  type JourneyDefinition,
  type JourneyLocale,
  type JourneyState,
  type JourneyStep,
  type RiskAssessment,
  type StepState,
} from '@aircounter/journeys';
import type { RecordingStatus } from '@aircounter/client';
import { fill } from './fill-text.ts';
import type { JourneyText } from './journey-text.ts';

/** What `session.journey` holds once loaded. */
export interface JourneySnapshot {
  readonly definition: JourneyDefinition;
  readonly state: JourneyState;
}

/** A step somebody is working on: started and not finished. */
function isOpen(step: StepState): boolean {
  return step.status === 'active' || step.status === 'awaiting-override' || step.status === 'interrupted';
}

/** The open step, if any (one at a time). */
function openIndex(state: JourneyState): number | undefined {
  const index = state.steps.findIndex(isOpen);
  return index === -1 ? undefined : index;
}

/** The first step not done yet. */
function nextIndex(state: JourneyState): number | undefined {
  const index = state.steps.findIndex((step) => step.status !== 'completed' && step.status !== 'skipped');
  return index === -1 ? undefined : index;
}

/** The step finished last (shown as done until the agent opens the next one). */
function lastFinishedIndex(state: JourneyState): number | undefined {
  let found: number | undefined;
  state.steps.forEach((step, index) => {
    if (step.status !== 'completed' && step.status !== 'skipped') return;
    const best = found === undefined ? undefined : state.steps[found];
    if (best === undefined || (step.endedAt ?? 0) >= (best.endedAt ?? 0)) found = index;
  });
  return found;
}

/** The `lang` of a view: the journey's locale when the page is in another language. */
function langOf(locale: JourneyLocale, pageLanguage: string): { readonly lang?: string } {
  return locale === pageLanguage ? {} : { lang: locale };
}

/** The kind's own text (the element shows the title above it, and answers as buttons). */
function kindText(step: JourneyStep, locale: JourneyLocale): string {
  switch (step.kind) {
    case 'consent':
    case 'agent-statement':
    case 'disclosure':
    case 'question':
    case 'notice':
    case 'agent-attestation':
      return step.text[locale];
    case 'identity':
    case 'questionnaire':
    case 'document':
      return '';
  }
}

function cardState(status: StepState['status']): JourneyStepState {
  switch (status) {
    case 'awaiting-override':
      return 'waiting';
    case 'interrupted':
      return 'interrupted';
    case 'completed':
    case 'skipped':
      return 'completed';
    case 'active':
    case 'pending':
      return 'active';
  }
}

function riskResult(risk: RiskAssessment): NonNullable<QuestionnaireView['result']> {
  return { level: risk.level, product: { level: risk.productRisk, suitable: risk.suitable } };
}

function questionnaireView(
  step: Extract<JourneyStep, { kind: 'questionnaire' }>,
  state: StepState,
  locale: JourneyLocale,
  pageLanguage: string,
  submitting: boolean,
): QuestionnaireView {
  const risk = state.pendingRisk ?? state.outcome?.risk;
  const base = {
    stepId: step.id,
    title: step.title[locale],
    ...langOf(locale, pageLanguage),
    questions: step.questions.map((question) => ({
      id: question.id,
      text: question.text[locale],
      options: question.options.map((option) => ({ id: option.id, label: option.label[locale] })),
    })),
  };
  if (risk !== undefined && state.status !== 'active' && state.status !== 'interrupted') {
    return { ...base, state: 'result', result: riskResult(risk) };
  }
  return { ...base, state: submitting ? 'submitted' : 'answering' };
}

/** How the demo's customer page confirms: a tap on a button (it does not watch for a nod or listen for a "yes"). */
const PAGE_CONFIRMATIONS: readonly string[] = ['tap'];

export interface CustomerViewOptions {
  /** The page's language (texts in another locale are marked with `lang`). */
  readonly pageLanguage: string;
  /** The disclosure's speech is being played again. */
  readonly speechPlaying?: boolean;
  /** The questionnaire's answers are on their way to the server. */
  readonly submitting?: boolean;
}

/**
 * The customer's `<air-journey>` view: the open step as one card (or the step
 * finished last, as done, until the agent opens the next), in the journey's
 * locale. "Talk to a person" is not offered: in this session the customer is
 * already on a call with their advisor.
 */
export function customerJourneyView(snapshot: JourneySnapshot, options: CustomerViewOptions): JourneyView {
  const { definition, state } = snapshot;
  const count = definition.steps.length;
  const common = { journeyId: definition.id, count, canTalkToPerson: false } as const;
  if (state.status === 'completed') return { ...common, state: 'complete', index: count, step: undefined };
  if (state.status === 'blocked') return { ...common, state: 'incomplete', index: count, step: undefined };
  if (state.status === 'ended') {
    const complete = summarize(definition, state).complete;
    return { ...common, state: complete ? 'complete' : 'incomplete', index: count, step: undefined };
  }
  const index = openIndex(state) ?? lastFinishedIndex(state);
  const step = index === undefined ? undefined : definition.steps[index];
  const stepState = index === undefined ? undefined : state.steps[index];
  if (index === undefined || step === undefined || stepState === undefined) {
    return { ...common, state: 'running', index: (nextIndex(state) ?? 0) + 1, step: undefined };
  }
  const locale = state.locale;
  const base: JourneyStepView = {
    stepId: step.id,
    kind: step.kind,
    title: step.title[locale],
    text: kindText(step, locale),
    ...langOf(locale, options.pageLanguage),
    state: cardState(stepState.status),
    attempt: Math.max(1, stepState.attempts),
  };
  const card: JourneyStepView =
    step.kind === 'question'
      ? {
          ...base,
          answers: step.answers.map((answer) => ({ id: answer.id, label: answer.label[locale] })),
          // Only what this page detects: a hint to nod would promise what it does not see.
          confirmations: step.confirmations.filter((confirmation) => PAGE_CONFIRMATIONS.includes(confirmation)),
        }
      : step.kind === 'disclosure' && step.delivery === 'speech'
        ? { ...base, speech: { playing: options.speechPlaying === true } }
        : step.kind === 'questionnaire'
          ? {
              ...base,
              questionnaire: questionnaireView(
                step,
                stepState,
                locale,
                options.pageLanguage,
                options.submitting === true,
              ),
            }
          : base;
  return { ...common, state: 'running', index: index + 1, step: card };
}

export interface PrompterViewOptions {
  readonly pageLanguage: string;
  /** Now, ms since the epoch (for the minimum-duration countdown). */
  readonly now: number;
  /** Whether the session is fully recorded right now (`isFullyRecorded`). */
  readonly recorded: boolean;
  /** The demo's journey texts in the page's language. */
  readonly text: JourneyText;
}

/**
 * Whether the session is recorded as a journey step needs it: the recording
 * is active and every participant's camera and microphone reaches the
 * recorder. The server applies the same rule and decides; the console only
 * uses it to offer "Next step" when it can succeed.
 */
export function isFullyRecorded(status: RecordingStatus | undefined): boolean {
  if (status?.state !== 'active') return false;
  return (status.coverage ?? []).every(
    (track) => track.recorded || (track.source !== 'camera' && track.source !== 'microphone'),
  );
}

/** A step that may only start while the session is recorded, and it is not. */
function blockedByRecording(step: JourneyStep, recorded: boolean): boolean {
  return step.needsRecording && !recorded;
}

function agentActions(step: JourneyStep, state: StepState, recorded: boolean): PrompterAction[] {
  const own = stepActions(step, state, recorded);
  // An optional step may be left out at any point before it is done, recorded or not: the engine asks only for
  // the reason, and leaving a step out needs no recording.
  return !step.mandatory && own !== undefined ? [...own, 'skip'] : (own ?? []);
}

/** What the step itself offers the agent; undefined once it is done. */
function stepActions(step: JourneyStep, state: StepState, recorded: boolean): PrompterAction[] | undefined {
  switch (state.status) {
    case 'pending':
    case 'interrupted':
      return blockedByRecording(step, recorded) ? [] : ['next'];
    case 'awaiting-override':
      return ['override'];
    case 'active':
      if (step.kind === 'agent-attestation') return ['attest'];
      if (step.kind === 'question') return step.allowAgentAttestation ? ['attest'] : [];
      return step.actor === 'agent' && step.kind !== 'questionnaire' ? ['done'] : [];
    case 'completed':
    case 'skipped':
      return undefined;
  }
}

function customerProgress(
  step: JourneyStep,
  state: StepState,
  locale: JourneyLocale,
  text: JourneyText,
): PrompterView['customer'] {
  if (step.actor === 'agent') return { progress: 'none', text: '' };
  if (state.status === 'interrupted') return { progress: 'interrupted', text: '' };
  if (state.status === 'completed' || state.status === 'awaiting-override') return { progress: 'done', text: '' };
  const rejected =
    step.kind === 'question' ? step.answers.find((answer) => answer.id === state.rejectedAnswerId) : undefined;
  return {
    progress: 'waiting',
    text: rejected ? fill(text.answerNotAccepted, { answer: rejected.label[locale] }) : '',
  };
}

function outlineStatus(state: StepState, current: boolean): PrompterOutlineStep['status'] {
  if (current) return 'current';
  switch (state.status) {
    case 'completed':
      return 'done';
    case 'skipped':
      return 'skipped';
    case 'interrupted':
      return 'interrupted';
    case 'active':
    case 'awaiting-override':
      return 'current';
    case 'pending':
      return 'pending';
  }
}

/**
 * The agent's `<air-script-prompter>` view: the open step, or else the next
 * one to start ("Next step" starts it once the session is recorded as it
 * needs), with its whole text, what the customer did, the minimum-duration
 * countdown and the outline. Undefined once the journey no longer runs (see
 * `journeyNotice`).
 */
export function agentPrompterView(snapshot: JourneySnapshot, options: PrompterViewOptions): PrompterView | undefined {
  const { definition, state } = snapshot;
  if (state.status !== 'in-progress') return undefined;
  const index = openIndex(state) ?? nextIndex(state);
  const step = index === undefined ? undefined : definition.steps[index];
  const stepState = index === undefined ? undefined : state.steps[index];
  if (index === undefined || step === undefined || stepState === undefined) return undefined;
  const locale = state.locale;
  const allowed = agentActions(step, stepState, options.recorded);
  const remaining =
    allowed.includes('done') && stepState.startedAt !== undefined
      ? Math.min(step.minDurationMs, Math.max(0, stepState.startedAt + step.minDurationMs - options.now))
      : 0;
  const risk = stepState.status === 'awaiting-override' ? stepState.pendingRisk : undefined;
  return {
    stepId: step.id,
    kind: step.kind,
    index: index + 1,
    count: definition.steps.length,
    title: step.title[locale],
    // The text the customer is shown, below the title the prompter shows itself.
    script: stepText(step, locale).split('\n').slice(1).join('\n'),
    ...langOf(locale, options.pageLanguage),
    mandatory: step.mandatory,
    customer: customerProgress(step, stepState, locale, options.text),
    minimumRemainingMs: remaining,
    allowed,
    ...(risk ? { suitability: { customerLevel: risk.level, productLevel: risk.productRisk } } : {}),
    outline: definition.steps.map((each, i) => ({
      stepId: each.id,
      title: each.title[locale],
      mandatory: each.mandatory,
      status: outlineStatus(state.steps[i] ?? { status: 'pending', attempts: 0 }, i === index),
    })),
    ...(stepState.status === 'interrupted' ? { interrupted: true } : {}),
  };
}

/** What the agent console says beside the prompter (a `JourneyText` key), if anything. */
export function journeyNotice(
  snapshot: JourneySnapshot,
  recorded: boolean,
): 'needsRecording' | 'complete' | 'blocked' | 'endedComplete' | 'endedIncomplete' | undefined {
  const { definition, state } = snapshot;
  switch (state.status) {
    case 'completed':
      return 'complete';
    case 'blocked':
      return 'blocked';
    case 'ended':
      return summarize(definition, state).complete ? 'endedComplete' : 'endedIncomplete';
    case 'in-progress': {
      const index = openIndex(state) ?? nextIndex(state);
      const step = index === undefined ? undefined : definition.steps[index];
      const stepState = index === undefined ? undefined : state.steps[index];
      const waitsToStart = stepState?.status === 'pending' || stepState?.status === 'interrupted';
      return step && waitsToStart && blockedByRecording(step, recorded) ? 'needsRecording' : undefined;
    }
  }
}

/**
 * The customer's `complete` of the open identity step, once the liveness
 * check on their page passed; undefined when no identity step is open. The
 * server accepts it only if it accepted the liveness (and face match) itself.
 */
export function identityCall(snapshot: JourneySnapshot): JourneyCall | undefined {
  const { definition, state } = snapshot;
  if (state.status !== 'in-progress') return undefined;
  const index = state.steps.findIndex((step) => step.status === 'active');
  const step = definition.steps[index];
  return step?.kind === 'identity' && step.actor === 'customer' ? { method: 'complete', stepId: step.id } : undefined;
}

/**
 * The answer a head move confirms: a nod the question's accepted answer, a
 * shake the first one it does not accept; undefined when there is none.
 */
export function gestureAnswer(snapshot: JourneySnapshot, stepId: string, gesture: 'nod' | 'shake'): string | undefined {
  const step = snapshot.definition.steps.find((candidate) => candidate.id === stepId);
  if (step?.kind !== 'question') return undefined;
  return step.answers.find((answer) => answer.accepted === (gesture === 'nod'))?.id;
}

/** A `session.journey` call (or, for a declined consent, `session.recording`'s), as data. */
export type JourneyCall =
  | { readonly method: 'start'; readonly stepId: string }
  | { readonly method: 'complete'; readonly stepId: string; readonly confirmation?: 'tap' }
  | {
      readonly method: 'answer';
      readonly stepId: string;
      readonly answerId: string;
      readonly confirmation: 'tap' | 'nod' | 'shake';
      /** The server's verdict on the nod or shake (none for a tap). */
      readonly verification?: string;
    }
  /** Not a server call: the customer chose to answer by a head move; the page opens the server's check. */
  | { readonly method: 'openGesture'; readonly stepId: string; readonly gesture: 'nod' | 'shake' }
  | {
      readonly method: 'submitQuestionnaire';
      readonly stepId: string;
      readonly answers: Readonly<Record<string, string>>;
    }
  | { readonly method: 'override' | 'attest' | 'skip'; readonly stepId: string; readonly reason: string }
  | { readonly method: 'playAgain'; readonly stepId: string }
  | { readonly method: 'declineConsent'; readonly consentTextVersion: string; readonly locale: JourneyLocale };

/**
 * The call an `air-journey-action` of `<air-journey>` or
 * `<air-script-prompter>` stands for; undefined for an action the demo does
 * not offer (`talk-to-person`, `back`). A customer's press is a tap, an
 * answer after a nod or shake carries the server's verdict. Declining
 * the consent step declines the recording, with the step's text version.
 */
export function callForAction(detail: JourneyActionDetail, snapshot: JourneySnapshot): JourneyCall | undefined {
  const { stepId } = detail;
  switch (detail.action) {
    case 'accept':
    case 'acknowledge':
      return { method: 'complete', stepId, confirmation: 'tap' };
    case 'done':
      return { method: 'complete', stepId };
    case 'next':
      return { method: 'start', stepId };
    case 'answer':
      return detail.confirmation !== undefined && detail.verification !== undefined
        ? {
            method: 'answer',
            stepId,
            answerId: detail.value,
            confirmation: detail.confirmation,
            verification: detail.verification,
          }
        : { method: 'answer', stepId, answerId: detail.value, confirmation: 'tap' };
    case 'confirm-gesture':
      return { method: 'openGesture', stepId, gesture: detail.value };
    case 'submit-answers':
      return { method: 'submitQuestionnaire', stepId, answers: detail.value };
    case 'attest':
    case 'override':
    case 'skip':
      return { method: detail.action, stepId, reason: detail.value };
    case 'play-again':
      return { method: 'playAgain', stepId };
    case 'decline': {
      const step = snapshot.definition.steps.find((candidate) => candidate.id === stepId);
      return step?.kind === 'consent'
        ? { method: 'declineConsent', consentTextVersion: step.textVersion, locale: snapshot.state.locale }
        : undefined;
    }
    case 'talk-to-person':
    case 'back':
      return undefined;
  }
}
