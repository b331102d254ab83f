import { initialJourneyState, parseJourneyDefinition, type JourneyState } from '@aircounter/journeys';
import { AirError, type MethodName, type NotificationData, type RequestData } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { WEALTH_SALE } from '../../journeys/src/test-fixtures/wealth-sale.ts';
import { JourneyController, type JourneyEvents } from './journey.ts';
import type { Signaling } from './signaling/signaling.ts';

// session.journey in isolation: a fake signaling stands in for the server on
// purpose (the server's engine and handlers have their own tests).

const DEFINITION = parseJourneyDefinition(WEALTH_SALE);

function revision(state: JourneyState, n: number): JourneyState {
  return { ...state, revision: n };
}

/** Records each request; answers `journeyState` with the definition and `journeyAction` as `answer` says. */
function fakeSignaling(answer: (data: unknown) => unknown = () => ({ state: revision(initial(), 1) })) {
  const requests: { method: MethodName; data: unknown }[] = [];
  const signaling: Signaling = {
    request: async <M extends MethodName>(method: M, data: RequestData<M>) => {
      requests.push({ method, data });
      if (method === 'journeyState') return { definition: DEFINITION, state: initial() } as never;
      const result = answer(data);
      if (result instanceof AirError) throw result;
      return result as never;
    },
  };
  return { signaling, requests };
}

function initial(): JourneyState {
  return initialJourneyState(DEFINITION, 'zh-Hans');
}

function ids(): () => string {
  let n = 0;
  return () => `client-action-${(n += 1)}`;
}

describe('session.journey', () => {
  it('loads the definition and state', async () => {
    const { signaling, requests } = fakeSignaling();
    const journey = new JourneyController(signaling, ids());
    expect(journey.state).toBeUndefined();
    const view = await journey.load();
    expect(view.definition).toEqual(DEFINITION);
    expect(journey.definition).toEqual(DEFINITION);
    expect(journey.state).toEqual(initial());
    expect(requests).toEqual([{ method: 'journeyState', data: {} }]);
  });

  it('tells what load() read, so a page can show (and caption) the open step without waiting for a change', async () => {
    const { signaling } = fakeSignaling();
    const journey = new JourneyController(signaling, ids());
    const loaded: JourneyEvents['loaded'][] = [];
    journey.on('loaded', (view) => loaded.push(view));
    await journey.load();
    expect(loaded).toEqual([{ definition: DEFINITION, state: initial() }]);
    // A newer state that arrived meanwhile is kept, and a later load tells the state held.
    journey.update({ state: revision(initial(), 5), events: [] });
    await journey.load();
    expect(loaded[1]?.state.revision).toBe(5);
  });

  it('asks for a gesture check, sends its frames and a voice clip as base64', async () => {
    const { signaling, requests } = fakeSignaling(() => ({
      verification: 'verified-0003',
      passed: true,
      attemptsLeft: 2,
    }));
    const journey = new JourneyController(signaling, ids());
    await journey.startGesture('understood', 'nod', 'yes');
    const frames = [{ challenge: 'neutral', capturedAt: 1, jpegBase64: '/9j/' }] as const;
    await journey.submitGesture('nonce-0001', [...frames]);
    const verdict = await journey.submitVoice(
      'understood',
      { mediaType: 'audio/webm', audio: new TextEncoder().encode('是的') },
      'yes',
    );
    expect(verdict).toEqual({ verification: 'verified-0003', passed: true, attemptsLeft: 2 });
    expect(requests).toEqual([
      { method: 'startGestureConfirmation', data: { stepId: 'understood', gesture: 'nod', answerId: 'yes' } },
      { method: 'submitGestureConfirmation', data: { nonce: 'nonce-0001', frames: [...frames] } },
      {
        method: 'submitVoiceConfirmation',
        data: { stepId: 'understood', mediaType: 'audio/webm', audioBase64: '5piv55qE', answerId: 'yes' },
      },
    ]);
  });

  it.each([
    ['start', (j: JourneyController) => j.start('consent'), { type: 'start', stepId: 'consent' }],
    [
      'complete (tap)',
      (j: JourneyController) => j.complete('consent', 'tap'),
      { type: 'complete', stepId: 'consent', confirmation: 'tap' },
    ],
    [
      'complete (agent)',
      (j: JourneyController) => j.complete('introduction'),
      { type: 'complete', stepId: 'introduction' },
    ],
    [
      'answer',
      (j: JourneyController) => j.answer('understood', 'yes', 'nod'),
      { type: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'nod' },
    ],
    [
      'answer (with the server’s verdict)',
      (j: JourneyController) => j.answer('understood', 'yes', 'voice', 'verified-0001'),
      { type: 'answer', stepId: 'understood', answerId: 'yes', confirmation: 'voice', verification: 'verified-0001' },
    ],
    [
      'complete (a verified nod)',
      (j: JourneyController) => j.complete('risk-disclosure', 'nod', 'verified-0002'),
      { type: 'complete', stepId: 'risk-disclosure', confirmation: 'nod', verification: 'verified-0002' },
    ],
    [
      'submitQuestionnaire',
      (j: JourneyController) => j.submitQuestionnaire('risk-assessment', { horizon: 'long', loss: 'some' }),
      { type: 'submit-questionnaire', stepId: 'risk-assessment', answers: { horizon: 'long', loss: 'some' } },
    ],
    [
      'override',
      (j: JourneyController) => j.override('risk-assessment', 'customer insists'),
      { type: 'override', stepId: 'risk-assessment', reason: 'customer insists' },
    ],
    [
      'attest',
      (j: JourneyController) => j.attest('handwritten-sentence', 'seen'),
      { type: 'attest', stepId: 'handwritten-sentence', reason: 'seen' },
    ],
    [
      'skip',
      (j: JourneyController) => j.skip('cooling-off', 'explained'),
      { type: 'skip', stepId: 'cooling-off', reason: 'explained' },
    ],
  ] as const)('%s sends one journeyAction with a fresh action id', async (_name, call, expected) => {
    const { signaling, requests } = fakeSignaling();
    const journey = new JourneyController(signaling, ids());
    const state = await call(journey);
    await call(journey);
    expect(state.revision).toBe(1);
    expect(requests).toEqual([
      { method: 'journeyAction', data: { ...expected, actionId: 'client-action-1' } },
      { method: 'journeyAction', data: { ...expected, actionId: 'client-action-2' } },
    ]);
  });

  it('asks for the disclosure speech again without an action id (nothing on the journey changes)', async () => {
    const { signaling, requests } = fakeSignaling(() => ({ durationMs: 6520 }));
    const journey = new JourneyController(signaling, ids());
    expect(await journey.playAgain('risk-disclosure')).toEqual({ durationMs: 6520 });
    expect(requests).toEqual([{ method: 'replayDisclosure', data: { stepId: 'risk-disclosure' } }]);
    const busy = fakeSignaling(() => new AirError('SPEECH_BUSY', 'speech is already playing'));
    await expect(new JourneyController(busy.signaling, ids()).playAgain('risk-disclosure')).rejects.toMatchObject({
      code: 'SPEECH_BUSY',
    });
  });

  it('rejects with the server’s typed refusal', async () => {
    const { signaling } = fakeSignaling(() => new AirError('JOURNEY_WRONG_ACTOR', 'start on consent is for the agent'));
    const journey = new JourneyController(signaling, ids());
    await expect(journey.start('consent')).rejects.toMatchObject({ code: 'JOURNEY_WRONG_ACTOR' });
  });

  it('emits typed events for each change, once and in order, dropping stale states', async () => {
    const { signaling } = fakeSignaling();
    const journey = new JourneyController(signaling, ids());
    await journey.load();
    const seen: string[] = [];
    const record =
      <K extends keyof JourneyEvents>(name: K) =>
      (data: JourneyEvents[K]) =>
        seen.push(`${name}:${'stepId' in data ? data.stepId : ''}`);
    journey.on('changed', record('changed'));
    journey.on('stepStarted', record('stepStarted'));
    journey.on('stepCompleted', record('stepCompleted'));
    const offInterrupted = journey.on('stepInterrupted', record('stepInterrupted'));
    journey.on('ended', record('ended'));

    const started: NotificationData<'journeyChanged'> = {
      state: revision(initial(), 1),
      events: [{ type: 'step.started', stepId: 'consent', index: 0, kind: 'consent', attempt: 1 }],
    };
    const completed: NotificationData<'journeyChanged'> = {
      state: revision(initial(), 2),
      events: [
        { type: 'step.completed', stepId: 'consent', index: 0, kind: 'consent', by: 'customer', confirmation: 'tap' },
      ],
      mediaTimeMs: 1_200,
    };
    journey.update(started);
    journey.update(completed);
    // A late copy of an older change is dropped.
    journey.update(started);
    journey.update({
      state: revision(initial(), 3),
      events: [
        {
          type: 'step.interrupted',
          stepId: 'introduction',
          index: 1,
          kind: 'agent-statement',
          reason: 'recording-ending',
        },
      ],
    });
    offInterrupted();
    journey.update({
      state: revision(initial(), 4),
      events: [
        { type: 'step.interrupted', stepId: 'introduction', index: 1, kind: 'agent-statement', reason: 'again' },
      ],
    });
    journey.update({
      state: { ...revision(initial(), 5), status: 'ended' },
      events: [{ type: 'journey.ended', complete: false, missing: ['identity'], interrupted: ['introduction'] }],
    });

    expect(seen).toEqual([
      'changed:',
      'stepStarted:consent',
      'changed:',
      'stepCompleted:consent',
      'changed:',
      'stepInterrupted:introduction',
      'changed:',
      'changed:',
      'ended:',
    ]);
    expect(journey.state?.revision).toBe(5);
    expect(journey.state?.status).toBe('ended');
  });
});
