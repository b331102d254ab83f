import { describe, expect, it } from 'vitest';
import type { JourneyAction } from './actions.ts';
import { documentSha256For, parseJourneyDefinition, type JourneyDefinition } from './definition.ts';
import { applyAction, applySystemInput, summarize, type EngineContext } from './engine.ts';
import type { RefusalReason } from './refusals.ts';
import { initialJourneyState, type JourneyState } from './state.ts';
import { WEALTH_SALE } from './examples/wealth-sale.ts';

const DEFINITION = parseJourneyDefinition(WEALTH_SALE);
const T0 = 1_800_000_000_000;
const CONTRACT = DEFINITION.steps.find((step) => step.kind === 'document');
if (CONTRACT?.kind !== 'document') throw new Error('the fixture has a document step');
const CONTEXT: EngineContext = {
  role: 'agent',
  now: T0,
  recordingActive: true,
  identityVerified: true,
  documentsRead: new Set([documentSha256For(CONTRACT, 'zh-Hans')]),
  maxActions: 200,
};

/** The server's verdicts (from frames and audio) the happy path names; the service finds them on the chain. */
const NOD = { id: 'verified-nod-0001', confirmation: 'nod', stepId: 'risk-disclosure' } as const;
const VOICE = { id: 'verified-voice-0001', confirmation: 'voice', stepId: 'understood', answerId: 'yes' } as const;

let counter = 0;
function id(): string {
  counter += 1;
  return `action-${String(counter).padStart(4, '0')}`;
}

/** An action before its id is given (distributed over the union, so each variant keeps its own fields). */
type Unsent = JourneyAction extends infer A ? (A extends JourneyAction ? Omit<A, 'actionId'> : never) : never;
type Act = readonly [role: string, action: Unsent, context?: Partial<EngineContext>];

/** Applies each act in turn (each must succeed), returning the final state and every event type. */
function play(acts: readonly Act[], definition: JourneyDefinition = DEFINITION, from?: JourneyState) {
  let state = from ?? initialJourneyState(definition, 'zh-Hans');
  const events: string[] = [];
  for (const [role, action, context] of acts) {
    const result = applyAction(definition, state, { ...action, actionId: id() } as JourneyAction, {
      ...CONTEXT,
      ...context,
      role,
    });
    if (!result.ok) throw new Error(`${action.type} ${action.stepId} refused: ${result.refusal.message}`);
    state = result.state;
    events.push(...result.events.map((event) => event.type));
  }
  return { state, events };
}

/** The acts that take the wealth sale up to (not including) step `index`. */
function upTo(index: number): Act[] {
  const all: Act[] = [
    ['agent', { type: 'start', stepId: 'consent' }],
    ['customer', { type: 'complete', stepId: 'consent', confirmation: 'tap' }],
    ['agent', { type: 'start', stepId: 'introduction' }],
    ['agent', { type: 'complete', stepId: 'introduction' }],
    ['agent', { type: 'start', stepId: 'identity' }],
    ['customer', { type: 'complete', stepId: 'identity' }],
    ['agent', { type: 'start', stepId: 'risk-disclosure' }],
    [
      'customer',
      { type: 'complete', stepId: 'risk-disclosure', confirmation: 'nod', verification: NOD.id },
      { now: T0 + 5_000, verified: NOD },
    ],
    ['agent', { type: 'start', stepId: 'risk-assessment' }],
    [
      'customer',
      { type: 'submit-questionnaire', stepId: 'risk-assessment', answers: { horizon: 'long', loss: 'some' } },
    ],
    ['agent', { type: 'start', stepId: 'understood' }],
    [
      'customer',
      { type: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'voice', verification: VOICE.id },
      { verified: VOICE },
    ],
    ['agent', { type: 'start', stepId: 'contract' }],
    ['customer', { type: 'complete', stepId: 'contract' }],
    ['agent', { type: 'skip', stepId: 'cooling-off', reason: 'explained on the contract page' }],
    ['agent', { type: 'start', stepId: 'handwritten-sentence' }],
    ['agent', { type: 'attest', stepId: 'handwritten-sentence', reason: 'seen on camera' }],
  ];
  const starts = all.findIndex(
    ([, action]) =>
      action.stepId === DEFINITION.steps[index]?.id && (action.type === 'start' || action.type === 'skip'),
  );
  return starts === -1 ? all : all.slice(0, starts);
}

describe('journey engine: transitions', () => {
  it('runs the whole wealth sale in order and completes the journey', () => {
    const { state, events } = play(upTo(DEFINITION.steps.length));
    expect(state.status).toBe('completed');
    expect(state.steps.map((step) => step.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
      'completed',
      'completed',
      'completed',
      'skipped',
      'completed',
    ]);
    expect(events.at(-1)).toBe('journey.completed');
    expect(events.filter((type) => type === 'step.started')).toHaveLength(8);
    expect(state.steps[4]?.outcome).toEqual({
      by: 'customer',
      confirmation: 'tap',
      risk: { score: 30, level: 'C4', productRisk: 'R4', suitable: true },
    });
    expect(state.steps[8]?.outcome).toEqual({ by: 'agent', confirmation: 'attestation', reason: 'seen on camera' });
    expect(state.steps[1]?.outcome).toEqual({ by: 'agent', confirmation: 'agent' });
    expect(summarize(DEFINITION, state)).toEqual({ complete: true, missing: [], interrupted: [] });
  });

  it.each([
    ['start a pending step', upTo(0), ['agent', { type: 'start', stepId: 'consent' }], 'active', ['step.started']],
    [
      'complete the consent by tap',
      upTo(1).slice(0, 1),
      ['customer', { type: 'complete', stepId: 'consent', confirmation: 'tap' }],
      'completed',
      ['step.completed'],
    ],
    [
      'a rejected answer keeps the question open',
      [...upTo(5), ['agent', { type: 'start', stepId: 'understood' }]],
      ['customer', { type: 'answer', stepId: 'understood', answerId: 'no', confirmation: 'tap' }],
      'active',
      ['step.answered'],
    ],
    [
      'the agent attests a question as the last resort',
      [...upTo(5), ['agent', { type: 'start', stepId: 'understood' }]],
      ['agent', { type: 'attest', stepId: 'understood', reason: 'the customer cannot tap or speak' }],
      'completed',
      ['step.completed'],
    ],
    [
      'an unsuitable questionnaire waits for the agent',
      [...upTo(4), ['agent', { type: 'start', stepId: 'risk-assessment' }]],
      [
        'customer',
        { type: 'submit-questionnaire', stepId: 'risk-assessment', answers: { horizon: 'short', loss: 'some' } },
      ],
      'awaiting-override',
      ['step.awaiting-override'],
    ],
  ] as const satisfies readonly (readonly [string, readonly Act[], Act, string, readonly string[]])[])(
    '%s',
    (_name, before, act, status, events) => {
      const { state: prior } = play(before);
      const { state, events: emitted } = play([act], DEFINITION, prior);
      const index = DEFINITION.steps.findIndex((step) => step.id === act[1].stepId);
      expect(state.steps[index]?.status).toBe(status);
      expect(emitted).toEqual(events);
      expect(state.revision).toBe(prior.revision + 1);
    },
  );

  it('the agent overrides a suitability mismatch with a reason (flagged)', () => {
    const { state } = play([
      ...upTo(4),
      ['agent', { type: 'start', stepId: 'risk-assessment' }],
      [
        'customer',
        { type: 'submit-questionnaire', stepId: 'risk-assessment', answers: { horizon: 'short', loss: 'none' } },
      ],
      ['agent', { type: 'override', stepId: 'risk-assessment', reason: 'customer insists, supervisor informed' }],
    ]);
    expect(state.steps[4]).toMatchObject({
      status: 'completed',
      outcome: {
        by: 'agent',
        confirmation: 'agent',
        overridden: true,
        reason: 'customer insists, supervisor informed',
        risk: { score: 0, level: 'C1', productRisk: 'R4', suitable: false },
      },
    });
  });

  it('a mismatch blocks the sale when the definition says so; the summary is incomplete', () => {
    const blocking = parseJourneyDefinition({
      ...WEALTH_SALE,
      steps: WEALTH_SALE.steps.map((step) => (step.kind === 'questionnaire' ? { ...step, onMismatch: 'block' } : step)),
    });
    const { state, events } = play(
      [
        ...upTo(4),
        ['agent', { type: 'start', stepId: 'risk-assessment' }],
        [
          'customer',
          { type: 'submit-questionnaire', stepId: 'risk-assessment', answers: { horizon: 'short', loss: 'none' } },
        ],
      ],
      blocking,
    );
    expect(state.status).toBe('blocked');
    expect(events.at(-1)).toBe('journey.blocked');
    const next = applyAction(blocking, state, { type: 'start', stepId: 'understood', actionId: id() }, CONTEXT);
    expect(next.ok || next.refusal.reason).toBe('blocked');
    expect(summarize(blocking, state).complete).toBe(false);
  });

  it('a recording gap interrupts the open step; the agent starts it again', () => {
    const { state: open } = play([...upTo(3), ['agent', { type: 'start', stepId: 'risk-disclosure' }]]);
    const lost = applySystemInput(DEFINITION, open, { type: 'recording-lost', reason: 'customer not recorded' }, T0);
    expect(lost.events).toEqual([
      {
        type: 'step.interrupted',
        stepId: 'risk-disclosure',
        index: 3,
        kind: 'disclosure',
        reason: 'customer not recorded',
      },
    ]);
    expect(lost.state.steps[3]?.status).toBe('interrupted');
    const { state } = play([['agent', { type: 'start', stepId: 'risk-disclosure' }]], DEFINITION, lost.state);
    expect(state.steps[3]).toMatchObject({ status: 'active', attempts: 2 });
  });

  it('a recording gap leaves a step that does not need the recording alone', () => {
    const { state: open } = play([['agent', { type: 'start', stepId: 'consent' }]]);
    const lost = applySystemInput(DEFINITION, open, { type: 'recording-lost', reason: 'recording stopped' }, T0);
    expect(lost.events).toEqual([]);
    expect(lost.state).toBe(open);
  });

  it('the end of the session ends the journey with the missing and interrupted steps', () => {
    const { state: open } = play([...upTo(3), ['agent', { type: 'start', stepId: 'risk-disclosure' }]]);
    const lost = applySystemInput(DEFINITION, open, { type: 'recording-lost', reason: 'recording stopped' }, T0);
    const ended = applySystemInput(DEFINITION, lost.state, { type: 'end' }, T0);
    expect(ended.state.status).toBe('ended');
    expect(ended.events).toEqual([
      {
        type: 'journey.ended',
        complete: false,
        missing: ['risk-assessment', 'understood', 'contract', 'handwritten-sentence'],
        interrupted: ['risk-disclosure'],
      },
    ]);
    expect(applySystemInput(DEFINITION, ended.state, { type: 'end' }, T0).events).toEqual([]);
  });
});

describe('journey engine: the refusal matrix', () => {
  const open = (index: number): Act[] => [
    ...upTo(index),
    ['agent', { type: 'start', stepId: DEFINITION.steps[index]?.id ?? '' }],
  ];
  /** The customer completes the risk disclosure after its reading time, claiming a nod named `verification`. */
  const nodClaimed = (verification: string, context: Partial<EngineContext> = {}): Act => [
    'customer',
    { type: 'complete', stepId: 'risk-disclosure', confirmation: 'nod', verification },
    { now: T0 + 5_000, ...context },
  ];
  const cases: readonly (readonly [string, readonly Act[], Act, RefusalReason])[] = [
    ['the customer starts a step', [], ['customer', { type: 'start', stepId: 'consent' }], 'wrong-actor'],
    ['a supervisor starts a step', [], ['supervisor', { type: 'start', stepId: 'consent' }], 'wrong-actor'],
    ['the agent confirms the consent', open(0), ['agent', { type: 'complete', stepId: 'consent' }], 'wrong-actor'],
    [
      'the customer completes an agent statement',
      open(1),
      ['customer', { type: 'complete', stepId: 'introduction' }],
      'wrong-actor',
    ],
    [
      'the customer overrides a mismatch',
      open(4),
      ['customer', { type: 'override', stepId: 'risk-assessment', reason: 'because' }],
      'wrong-actor',
    ],
    [
      'start a step out of order (optional ones between)',
      upTo(7),
      ['agent', { type: 'start', stepId: 'handwritten-sentence' }],
      'out-of-order',
    ],
    ['start a step before a mandatory one', [], ['agent', { type: 'start', stepId: 'introduction' }], 'step-mandatory'],
    [
      'skip a mandatory step',
      [],
      ['agent', { type: 'skip', stepId: 'consent', reason: 'in a hurry' }],
      'step-mandatory',
    ],
    ['complete a step not started', [], ['customer', { type: 'complete', stepId: 'consent' }], 'out-of-order'],
    [
      'a late action on a completed step',
      upTo(1),
      ['customer', { type: 'complete', stepId: 'consent' }],
      'out-of-order',
    ],
    ['start a completed step again', upTo(1), ['agent', { type: 'start', stepId: 'consent' }], 'out-of-order'],
    ['start the open step again', open(0), ['agent', { type: 'start', stepId: 'consent' }], 'out-of-order'],
    [
      'override when nothing mismatched',
      open(4),
      ['agent', { type: 'override', stepId: 'risk-assessment', reason: 'because' }],
      'out-of-order',
    ],
    [
      'start a recorded step while not recorded',
      upTo(1),
      ['agent', { type: 'start', stepId: 'introduction' }, { recordingActive: false }],
      'recording-not-active',
    ],
    [
      'complete a recorded step while not recorded',
      open(1),
      ['agent', { type: 'complete', stepId: 'introduction' }, { recordingActive: false }],
      'recording-not-active',
    ],
    [
      'complete before the minimum duration',
      open(3),
      ['customer', { type: 'complete', stepId: 'risk-disclosure' }, { now: T0 + 4_999 }],
      'too-early',
    ],
    ['an unknown step', [], ['agent', { type: 'start', stepId: 'nothing' }], 'invalid-action'],
    [
      'complete a question (it needs an answer)',
      open(5),
      ['customer', { type: 'complete', stepId: 'understood' }],
      'invalid-action',
    ],
    [
      'an answer the question does not offer',
      open(5),
      ['customer', { type: 'answer', stepId: 'understood', answerId: 'maybe', confirmation: 'tap' }],
      'invalid-action',
    ],
    [
      'a confirmation the question does not offer',
      open(5),
      ['customer', { type: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'shake' }],
      'invalid-action',
    ],
    [
      'a confirmation the disclosure does not offer',
      open(3),
      ['customer', { type: 'complete', stepId: 'risk-disclosure', confirmation: 'shake' }, { now: T0 + 5_000 }],
      'invalid-action',
    ],
    [
      'a questionnaire with a question unanswered',
      open(4),
      ['customer', { type: 'submit-questionnaire', stepId: 'risk-assessment', answers: { horizon: 'long' } }],
      'invalid-action',
    ],
    [
      'a questionnaire with an extra answer',
      open(4),
      [
        'customer',
        {
          type: 'submit-questionnaire',
          stepId: 'risk-assessment',
          answers: { horizon: 'long', loss: 'some', age: 'young' },
        },
      ],
      'invalid-action',
    ],
    [
      'identity before liveness passed',
      open(2),
      ['customer', { type: 'complete', stepId: 'identity' }, { identityVerified: false }],
      'invalid-action',
    ],
    [
      'a document the customer has not confirmed reading',
      open(DEFINITION.steps.indexOf(CONTRACT)),
      ['customer', { type: 'complete', stepId: 'contract' }, { documentsRead: new Set(['0'.repeat(64)]) }],
      'invalid-action',
    ],
    // Nod, shake and voice: only with the server's own verdict for this step and answer (the service passes
    // `verified` only when the verdict is on the chain, passed, this customer's and unused).
    [
      'a claimed nod without a verification',
      open(3),
      ['customer', { type: 'complete', stepId: 'risk-disclosure', confirmation: 'nod' }, { now: T0 + 5_000 }],
      'unverified',
    ],
    [
      'a nod naming a verification the server does not hold (unknown, refused, used or another session’s)',
      open(3),
      nodClaimed(NOD.id),
      'unverified',
    ],
    [
      'a nod naming another verification than the one held',
      open(3),
      nodClaimed('verified-nod-0002', { verified: NOD }),
      'unverified',
    ],
    [
      'a nod verified for another step',
      open(3),
      nodClaimed(NOD.id, { verified: { ...NOD, stepId: 'understood' } }),
      'unverified',
    ],
    [
      'a shake verified where a nod is claimed (the wrong gesture)',
      open(3),
      nodClaimed(NOD.id, { verified: { ...NOD, confirmation: 'shake' } }),
      'unverified',
    ],
    [
      'a voice answer verified for another answer',
      open(5),
      [
        'customer',
        { type: 'answer', stepId: 'understood', answerId: 'no', confirmation: 'voice', verification: VOICE.id },
        { verified: VOICE },
      ],
      'unverified',
    ],
    [
      'a voice answer without a verification',
      open(5),
      ['customer', { type: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'voice' }],
      'unverified',
    ],
    [
      'attest a disclosure',
      open(3),
      ['agent', { type: 'attest', stepId: 'risk-disclosure', reason: 'she nodded' }],
      'invalid-action',
    ],
  ];

  it.each(cases)('%s → %s', (_name, before, [role, action, context], reason) => {
    const { state } = play(before);
    const result = applyAction(DEFINITION, state, { ...action, actionId: id() } as JourneyAction, {
      ...CONTEXT,
      ...context,
      role,
    });
    expect(result.ok ? 'applied' : result.refusal.reason).toBe(reason);
  });

  it('a verified nod and voice answer are on the step outcome; a tap needs no verification', () => {
    const { state } = play(upTo(6));
    expect(state.steps[3]?.outcome).toEqual({ by: 'customer', confirmation: 'nod', verification: NOD.id });
    expect(state.steps[5]?.outcome).toEqual({
      by: 'customer',
      confirmation: 'voice',
      answerId: 'yes',
      verification: VOICE.id,
    });
    const { state: tapped } = play([
      ...upTo(5),
      ['agent', { type: 'start', stepId: 'understood' }],
      ['customer', { type: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'tap' }],
    ]);
    expect(tapped.steps[5]?.outcome).toEqual({ by: 'customer', confirmation: 'tap', answerId: 'yes' });
  });

  it('a document named per locale needs the one of the session’s locale', () => {
    const hashes = { en: 'e'.repeat(64), 'zh-Hans': 'a'.repeat(64), 'zh-Hant': 'b'.repeat(64) };
    const definition = parseJourneyDefinition({
      ...WEALTH_SALE,
      steps: WEALTH_SALE.steps.map((step) => (step.kind === 'document' ? { ...step, documentSha256: hashes } : step)),
    });
    const index = definition.steps.findIndex((step) => step.kind === 'document');
    const { state } = play(upTo(index), definition);
    const started = applyAction(definition, state, { type: 'start', stepId: 'contract', actionId: id() }, CONTEXT);
    if (!started.ok) throw new Error('start refused');
    const complete = (read: string) =>
      applyAction(
        definition,
        started.state,
        { type: 'complete', stepId: 'contract', actionId: id() },
        { ...CONTEXT, role: 'customer', documentsRead: new Set([read]) },
      );
    // The session runs in zh-Hans: having read the English version does not count.
    const english = complete(hashes.en);
    expect(english.ok ? 'applied' : english.refusal.reason).toBe('invalid-action');
    expect(complete(hashes['zh-Hans']).ok).toBe(true);
  });

  it('a replayed action id is refused and changes nothing', () => {
    const state = initialJourneyState(DEFINITION, 'en');
    const action: JourneyAction = { type: 'start', stepId: 'consent', actionId: 'replayed-0001' };
    const first = applyAction(DEFINITION, state, action, CONTEXT);
    if (!first.ok) throw new Error('first start refused');
    const again = applyAction(DEFINITION, first.state, action, CONTEXT);
    expect(again.ok ? 'applied' : again.refusal.code).toBe('JOURNEY_DUPLICATE_ACTION');
    const other = applyAction(DEFINITION, first.state, { ...action, type: 'skip', reason: 'x'.repeat(3) }, CONTEXT);
    expect(other.ok ? 'applied' : other.refusal.reason).toBe('duplicate-action');
  });

  it('an action after the session ended is refused', () => {
    const { state } = play(upTo(2));
    const ended = applySystemInput(DEFINITION, state, { type: 'end' }, T0).state;
    const result = applyAction(DEFINITION, ended, { type: 'start', stepId: 'identity', actionId: id() }, CONTEXT);
    expect(result.ok ? 'applied' : result.refusal.code).toBe('JOURNEY_ENDED');
  });

  it('an action after the journey completed is refused', () => {
    const { state } = play(upTo(DEFINITION.steps.length));
    const result = applyAction(DEFINITION, state, { type: 'start', stepId: 'consent', actionId: id() }, CONTEXT);
    expect(result.ok ? 'applied' : result.refusal.reason).toBe('journey-ended');
  });

  it('the action limit bounds what one journey accepts', () => {
    const { state } = play(upTo(1));
    const result = applyAction(
      DEFINITION,
      state,
      { type: 'start', stepId: 'introduction', actionId: id() },
      {
        ...CONTEXT,
        maxActions: 2,
      },
    );
    expect(result.ok ? 'applied' : result.refusal.code).toBe('JOURNEY_LIMIT_REACHED');
  });

  it('a refusal leaves the state untouched', () => {
    const { state } = play(upTo(1));
    const snapshot = structuredClone(state);
    applyAction(DEFINITION, state, { type: 'start', stepId: 'identity', actionId: id() }, CONTEXT);
    expect(state).toEqual(snapshot);
  });
});
