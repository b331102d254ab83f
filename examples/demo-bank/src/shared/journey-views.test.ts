import {
  applyAction,
  applySystemInput,
  initialJourneyState,
  parseJourneyDefinition,
  type EngineContext,
  type JourneyAction,
  type JourneyState,
} from '@aircounter/journeys';
import type { RecordingStatus } from '@aircounter/client';
import { describe, expect, it } from 'vitest';
import { REASON_MAX_LENGTH, REASON_MIN_LENGTH } from '@aircounter/elements';
import { MAX_REASON_CHARS, MIN_REASON_CHARS } from '@aircounter/journeys';
import { DEMO_WEALTH_SALE, PRODUCT_TERMS_SHA256 } from '../journeys/wealth-sale.ts';
import { JOURNEY_TEXT } from './journey-text.ts';
import {
  agentPrompterView,
  callForAction,
  gestureAnswer,
  customerJourneyView,
  identityCall,
  isFullyRecorded,
  journeyNotice,
  type JourneySnapshot,
} from './journey-views.ts';

// The demo's mapping from the server's journey to the journey elements, on
// states the real engine produces for the demo's own script.

const definition = parseJourneyDefinition(DEMO_WEALTH_SALE);
const T0 = 1_800_000_000_000;
const text = JOURNEY_TEXT.en;

type Unsent = JourneyAction extends infer A ? (A extends JourneyAction ? Omit<A, 'actionId'> : never) : never;

let counter = 0;
/** Applies the acts in turn with the real engine (each must be accepted). */
function play(acts: readonly (readonly [role: 'agent' | 'customer', action: Unsent, now?: number])[]): JourneyState {
  let state = initialJourneyState(definition, 'zh-Hans');
  for (const [role, action, now] of acts) {
    counter += 1;
    const context: EngineContext = {
      role,
      now: now ?? T0,
      recordingActive: true,
      identityVerified: true,
      documentsRead: new Set([PRODUCT_TERMS_SHA256['zh-Hans']]),
      maxActions: 500,
    };
    const result = applyAction(
      definition,
      state,
      { ...action, actionId: `act-${counter}-xyz` } as JourneyAction,
      context,
    );
    if (!result.ok) throw new Error(`${action.type} ${action.stepId}: ${result.refusal.message}`);
    state = result.state;
  }
  return state;
}

const snap = (state: JourneyState): JourneySnapshot => ({ definition, state });
const agentOptions = { pageLanguage: 'zh-Hans', now: T0, recorded: true, text } as const;

const throughConsent = [
  ['agent', { type: 'start', stepId: 'consent' }],
  ['customer', { type: 'complete', stepId: 'consent', confirmation: 'tap' }],
] as const;
const throughIntroduction = [
  ...throughConsent,
  ['agent', { type: 'start', stepId: 'introduction' }],
  ['agent', { type: 'complete', stepId: 'introduction' }],
  ['agent', { type: 'skip', stepId: 'identity', reason: 'No ID photo on file for this customer.' }],
] as const;
/** To the open risk assessment, the disclosure read for its minimum time. */
const throughDisclosure = [
  ...throughIntroduction,
  ['agent', { type: 'start', stepId: 'risk-disclosure' }],
  ['customer', { type: 'complete', stepId: 'risk-disclosure', confirmation: 'tap' }, T0 + 5_000],
  ['agent', { type: 'start', stepId: 'risk-assessment' }],
] as const;
/** The customer's answers to the risk assessment. */
const assessed = (horizon: string, loss: string) =>
  ['customer', { type: 'submit-questionnaire', stepId: 'risk-assessment', answers: { horizon, loss } }] as const;
/** To the open confirmation question, the customer assessed as suitable. */
const throughAssessment = [
  ...throughDisclosure,
  assessed('long', 'much'),
  ['agent', { type: 'start', stepId: 'understood' }],
] as const;

describe('customerJourneyView', () => {
  it('shows "preparing" before the agent opens the first step', () => {
    const view = customerJourneyView(snap(initialJourneyState(definition, 'zh-Hans')), { pageLanguage: 'zh-Hans' });
    expect(view).toEqual({
      journeyId: 'wealth-sale',
      count: 9,
      canTalkToPerson: false,
      state: 'running',
      index: 1,
      step: undefined,
    });
  });

  it('shows the open consent step in the journey locale, marked when the page speaks another', () => {
    const state = play([throughConsent[0]]);
    const view = customerJourneyView(snap(state), { pageLanguage: 'en' });
    expect(view.index).toBe(1);
    expect(view.step).toEqual({
      stepId: 'consent',
      kind: 'consent',
      title: '录音录像授权',
      text: '本人同意本次销售过程全程录音录像并留存为证据。',
      lang: 'zh-Hans',
      state: 'active',
      attempt: 1,
    });
    expect(customerJourneyView(snap(state), { pageLanguage: 'zh-Hans' }).step?.lang).toBeUndefined();
  });

  it('keeps the step finished last on screen, as done, until the agent opens the next', () => {
    const view = customerJourneyView(snap(play(throughConsent)), { pageLanguage: 'zh-Hans' });
    expect(view.step?.stepId).toBe('consent');
    expect(view.step?.state).toBe('completed');
  });

  it('offers every answer of a question, confirmed by the tap this page detects', () => {
    const state = play(throughAssessment);
    const view = customerJourneyView(snap(state), { pageLanguage: 'zh-Hans' });
    expect(view.index).toBe(6);
    expect(view.step).toMatchObject({
      kind: 'question',
      text: '您是否已了解本产品的风险？',
      answers: [
        { id: 'yes', label: '是' },
        { id: 'no', label: '否' },
      ],
      confirmations: ['tap'],
    });
  });

  it('hands the questionnaire its questions, then the result with the product level', () => {
    const open = play([...throughIntroduction, ['agent', { type: 'start', stepId: 'risk-disclosure' }]]);
    expect(customerJourneyView(snap(open), { pageLanguage: 'zh-Hans' }).step?.speech).toBeUndefined();
    const answering = play(throughDisclosure);
    const questionnaire = customerJourneyView(snap(answering), { pageLanguage: 'en', submitting: true }).step
      ?.questionnaire;
    expect(questionnaire?.state).toBe('submitted');
    expect(questionnaire?.lang).toBe('zh-Hans');
    expect(questionnaire?.questions.map((question) => question.options.map((option) => option.id))).toEqual([
      ['short', 'medium', 'long'],
      ['none', 'some', 'much'],
    ]);
    const unsuitable = play([...throughDisclosure, assessed('short', 'some')]);
    const step = customerJourneyView(snap(unsuitable), { pageLanguage: 'zh-Hans' }).step;
    expect(step?.state).toBe('waiting');
    expect(step?.questionnaire?.state).toBe('result');
    expect(step?.questionnaire?.result).toEqual({ level: 'C2', product: { level: 'R4', suitable: false } });
  });

  it('says the step will be repeated when the recording was lost', () => {
    const active = play([...throughConsent, ['agent', { type: 'start', stepId: 'introduction' }]]);
    const lost = applySystemInput(definition, active, { type: 'recording-lost', reason: 'recording-stopped' }, T0);
    expect(customerJourneyView(snap(lost.state), { pageLanguage: 'zh-Hans' }).step).toMatchObject({
      stepId: 'introduction',
      state: 'interrupted',
      attempt: 1,
    });
  });

  it('tells the end: complete or not', () => {
    const ended = applySystemInput(definition, play(throughConsent), { type: 'end' }, T0).state;
    expect(customerJourneyView(snap(ended), { pageLanguage: 'zh-Hans' })).toMatchObject({
      state: 'incomplete',
      step: undefined,
    });
  });
});

describe('agentPrompterView', () => {
  it('offers "Next step" to start the first step, with the outline', () => {
    const view = agentPrompterView(snap(initialJourneyState(definition, 'zh-Hans')), agentOptions);
    expect(view).toMatchObject({
      stepId: 'consent',
      index: 1,
      count: 9,
      title: '录音录像授权',
      script: '本人同意本次销售过程全程录音录像并留存为证据。',
      mandatory: true,
      customer: { progress: 'waiting', text: '' },
      minimumRemainingMs: 0,
      allowed: ['next'],
    });
    expect(view?.outline?.map((step) => step.status)).toEqual([
      'current',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(view?.outline?.filter((step) => !step.mandatory).map((step) => step.stepId)).toEqual([
      'identity',
      'cooling-off',
    ]);
  });

  it('offers nothing while the customer acts on their step', () => {
    const view = agentPrompterView(snap(play([throughConsent[0]])), agentOptions);
    expect(view?.allowed).toEqual([]);
    expect(view?.customer.progress).toBe('waiting');
  });

  it('holds a step that needs the recording until the session is recorded', () => {
    const state = play(throughConsent);
    expect(agentPrompterView(snap(state), { ...agentOptions, recorded: false })?.allowed).toEqual([]);
    expect(journeyNotice(snap(state), false)).toBe('needsRecording');
    expect(agentPrompterView(snap(state), agentOptions)?.allowed).toEqual(['next']);
    expect(journeyNotice(snap(state), true)).toBeUndefined();
  });

  it('lets the agent finish their statement, and counts down a minimum duration', () => {
    const statement = play([...throughConsent, ['agent', { type: 'start', stepId: 'introduction' }]]);
    const view = agentPrompterView(snap(statement), { ...agentOptions, pageLanguage: 'en' });
    expect(view).toMatchObject({ stepId: 'introduction', allowed: ['done'], lang: 'zh-Hans' });
    expect(view?.customer.progress).toBe('none');
    const disclosure = play([...throughIntroduction, ['agent', { type: 'start', stepId: 'risk-disclosure' }]]);
    // A customer's step: the countdown is theirs, the agent has nothing to press.
    expect(agentPrompterView(snap(disclosure), { ...agentOptions, now: T0 + 2_000 })).toMatchObject({
      allowed: [],
      minimumRemainingMs: 0,
    });
  });

  it('asks for the override with the levels, and says what a refused answer was', () => {
    const mismatch = play([...throughDisclosure, assessed('short', 'none')]);
    expect(agentPrompterView(snap(mismatch), agentOptions)).toMatchObject({
      allowed: ['override'],
      suitability: { customerLevel: 'C1', productLevel: 'R4' },
      customer: { progress: 'done' },
    });
    const refused = play([
      ...throughAssessment,
      ['customer', { type: 'answer', stepId: 'understood', answerId: 'no', confirmation: 'tap' }],
    ]);
    expect(agentPrompterView(snap(refused), agentOptions)).toMatchObject({
      stepId: 'understood',
      allowed: ['attest'],
      customer: {
        progress: 'waiting',
        text: 'Answered “否”, which does not let the sale go on: the question stays open.',
      },
    });
  });

  it('offers starting an interrupted step again once recorded', () => {
    const active = play([...throughConsent, ['agent', { type: 'start', stepId: 'introduction' }]]);
    const lost = applySystemInput(definition, active, { type: 'recording-lost', reason: 'recording-stopped' }, T0);
    expect(agentPrompterView(snap(lost.state), agentOptions)).toMatchObject({
      stepId: 'introduction',
      interrupted: true,
      allowed: ['next'],
      customer: { progress: 'none' },
    });
    expect(agentPrompterView(snap(lost.state), agentOptions)?.outline?.[0]?.status).toBe('done');
  });

  it('offers skipping an optional step before it is done, recorded or not; never a mandatory one', () => {
    const introduced = play(throughIntroduction.slice(0, -1));
    expect(agentPrompterView(snap(introduced), agentOptions)).toMatchObject({
      stepId: 'identity',
      mandatory: false,
      allowed: ['next', 'skip'],
    });
    // Leaving a step out needs no recording, so the skip stays on offer without one.
    expect(agentPrompterView(snap(introduced), { ...agentOptions, recorded: false })?.allowed).toEqual(['skip']);
    // Open, the customer's step offers the agent only the skip.
    const open = play([...throughIntroduction.slice(0, -1), ['agent', { type: 'start', stepId: 'identity' }]]);
    expect(agentPrompterView(snap(open), agentOptions)).toMatchObject({
      allowed: ['skip'],
      customer: { progress: 'waiting' },
    });
    // Once skipped: marked so in the outline, and the next step is offered.
    const skipped = play(throughIntroduction);
    const view = agentPrompterView(snap(skipped), agentOptions);
    expect(view).toMatchObject({ stepId: 'risk-disclosure', mandatory: true, allowed: ['next'] });
    expect(view?.outline?.[2]?.status).toBe('skipped');
    expect(skipped.steps[2]?.outcome?.reason).toBe('No ID photo on file for this customer.');
  });

  it('asks the prompter for reasons the engine accepts', () => {
    // The prompter's bounds are the engine's: a reason it lets through is never refused for its length.
    expect([REASON_MIN_LENGTH, REASON_MAX_LENGTH]).toEqual([MIN_REASON_CHARS, MAX_REASON_CHARS]);
  });

  it('shows the product terms step to the customer; the agent waits until it is read', () => {
    const throughUnderstood = [
      ...throughAssessment,
      ['customer', { type: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'tap' }],
      ['agent', { type: 'start', stepId: 'product-terms' }],
    ] as const;
    const reading = play(throughUnderstood);
    expect(customerJourneyView(snap(reading), { pageLanguage: 'zh-Hans' }).step).toMatchObject({
      stepId: 'product-terms',
      kind: 'document',
      title: '产品说明书',
      state: 'active',
    });
    expect(agentPrompterView(snap(reading), agentOptions)).toMatchObject({
      allowed: [],
      customer: { progress: 'waiting' },
    });
    const read = play([
      ...throughUnderstood,
      ['customer', { type: 'complete', stepId: 'product-terms', confirmation: 'tap' }],
    ]);
    expect(agentPrompterView(snap(read), agentOptions)).toMatchObject({
      stepId: 'cooling-off',
      allowed: ['next', 'skip'],
    });
  });

  it('completes the open identity step when the customer’s liveness check passed, and nothing else', () => {
    const introduced = throughIntroduction.slice(0, -1);
    expect(identityCall(snap(play(introduced)))).toBeUndefined();
    const open = play([...introduced, ['agent', { type: 'start', stepId: 'identity' }]]);
    expect(identityCall(snap(open))).toEqual({ method: 'complete', stepId: 'identity' });
    expect(identityCall(snap(play(throughIntroduction)))).toBeUndefined();
  });

  it('gives way to a notice once the journey no longer runs', () => {
    const ended = applySystemInput(definition, play(throughConsent), { type: 'end' }, T0).state;
    expect(agentPrompterView(snap(ended), agentOptions)).toBeUndefined();
    expect(journeyNotice(snap(ended), true)).toBe('endedIncomplete');
  });
});

describe('isFullyRecorded', () => {
  const status = (overrides: Partial<RecordingStatus>): RecordingStatus => ({
    state: 'active',
    since: T0,
    consentGiven: true,
    ...overrides,
  });
  it('needs an active recording with every camera and microphone recorded', () => {
    expect(isFullyRecorded(undefined)).toBe(false);
    expect(isFullyRecorded(status({ state: 'idle' }))).toBe(false);
    const track = {
      peerId: 'p1',
      role: 'customer',
      source: 'camera',
      recorded: true,
      since: T0,
      sinceMediaTimeMs: 0,
    } as const;
    expect(isFullyRecorded(status({ coverage: [track] }))).toBe(true);
    expect(isFullyRecorded(status({ coverage: [{ ...track, recorded: false }] }))).toBe(false);
    expect(isFullyRecorded(status({ coverage: [{ ...track, source: 'screen', recorded: false }] }))).toBe(true);
  });
});

describe('callForAction', () => {
  const snapshot = snap(play([throughConsent[0]]));
  it('opens a head-move check on the page, and sends an answer after it with the server verdict', () => {
    expect(callForAction({ stepId: 'understood', action: 'confirm-gesture', value: 'nod' }, snapshot)).toEqual({
      method: 'openGesture',
      stepId: 'understood',
      gesture: 'nod',
    });
    expect(
      callForAction(
        { stepId: 'understood', action: 'answer', value: 'yes', confirmation: 'nod', verification: 'v-1' },
        snapshot,
      ),
    ).toEqual({ method: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'nod', verification: 'v-1' });
    // A nod confirms the accepted answer, a shake the first one not accepted; only questions have answers.
    expect(gestureAnswer(snapshot, 'understood', 'nod')).toBe('yes');
    expect(gestureAnswer(snapshot, 'understood', 'shake')).toBe('no');
    expect(gestureAnswer(snapshot, 'consent', 'nod')).toBeUndefined();
  });

  it('maps each element action to its session.journey call', () => {
    const call = (detail: Parameters<typeof callForAction>[0]) => callForAction(detail, snapshot);
    expect(call({ stepId: 'consent', action: 'accept', value: undefined })).toEqual({
      method: 'complete',
      stepId: 'consent',
      confirmation: 'tap',
    });
    expect(call({ stepId: 'd', action: 'acknowledge', value: undefined })).toEqual({
      method: 'complete',
      stepId: 'd',
      confirmation: 'tap',
    });
    expect(call({ stepId: 'i', action: 'done', value: undefined })).toEqual({ method: 'complete', stepId: 'i' });
    expect(call({ stepId: 'i', action: 'next', value: undefined })).toEqual({ method: 'start', stepId: 'i' });
    expect(call({ stepId: 'q', action: 'answer', value: 'yes' })).toEqual({
      method: 'answer',
      stepId: 'q',
      answerId: 'yes',
      confirmation: 'tap',
    });
    expect(call({ stepId: 'r', action: 'submit-answers', value: { horizon: 'long' } })).toEqual({
      method: 'submitQuestionnaire',
      stepId: 'r',
      answers: { horizon: 'long' },
    });
    expect(call({ stepId: 'a', action: 'attest', value: 'seen it' })).toEqual({
      method: 'attest',
      stepId: 'a',
      reason: 'seen it',
    });
    expect(call({ stepId: 'r', action: 'override', value: 'explained' })).toEqual({
      method: 'override',
      stepId: 'r',
      reason: 'explained',
    });
    expect(call({ stepId: 'identity', action: 'skip', value: 'No ID photo on file.' })).toEqual({
      method: 'skip',
      stepId: 'identity',
      reason: 'No ID photo on file.',
    });
    expect(call({ stepId: 'd', action: 'play-again', value: undefined })).toEqual({ method: 'playAgain', stepId: 'd' });
  });

  it('declines the recording with the consent step’s text version', () => {
    expect(callForAction({ stepId: 'consent', action: 'decline', value: undefined }, snapshot)).toEqual({
      method: 'declineConsent',
      consentTextVersion: '2026-01',
      locale: 'zh-Hans',
    });
  });

  it('maps nothing for the actions the demo does not offer', () => {
    expect(callForAction({ stepId: 'consent', action: 'talk-to-person', value: undefined }, snapshot)).toBeUndefined();
    expect(callForAction({ stepId: 'consent', action: 'back', value: undefined }, snapshot)).toBeUndefined();
  });
});
