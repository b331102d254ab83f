import { AirError, type Journey, type JourneyEvents, type Recording, type SessionEvents } from '@aircounter/client';
import {
  applyAction,
  initialJourneyState,
  parseJourneyDefinition,
  type JourneyAction,
  type JourneyState,
} from '@aircounter/journeys';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_WEALTH_SALE } from '../journeys/wealth-sale.ts';
import { JourneyBinding, type JourneySession } from './journey-binding.ts';
import { JOURNEY_TEXT } from './journey-text.ts';

// The glue between `session.journey` and the journey elements, on a fake
// session: what it loads, which call each element action makes, how a
// refusal is told, and that an element gets a new view object only when
// something changed (a pressed element waits for exactly that).

/** The demo's script with its disclosure read by the server, so "Play again" applies. */
const definition = parseJourneyDefinition({
  ...DEMO_WEALTH_SALE,
  steps: DEMO_WEALTH_SALE.steps.map((step) => (step.kind === 'disclosure' ? { ...step, delivery: 'speech' } : step)),
});

type Listener = (data: never) => void;
/** An action before its id is given (distributed over the union, so each variant keeps its own fields). */
type Unsent = JourneyAction extends infer A ? (A extends JourneyAction ? Omit<A, 'actionId'> : never) : never;

class Listeners {
  readonly #byName = new Map<string, Set<Listener>>();
  on(name: string, listener: Listener): () => void {
    const set = this.#byName.get(name) ?? new Set<Listener>();
    this.#byName.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  }
  emit(name: string, data: unknown): void {
    for (const listener of this.#byName.get(name) ?? []) (listener as (data: unknown) => void)(data);
  }
}

function fakeSession(options: { hasJourney?: boolean } = {}) {
  const calls: unknown[][] = [];
  const journeyEvents = new Listeners();
  const sessionEvents = new Listeners();
  let refusal: AirError | undefined;
  let loaded = false;
  let state: JourneyState = initialJourneyState(definition, 'zh-Hans');
  const record =
    (method: string) =>
    (...args: unknown[]): Promise<JourneyState> => {
      calls.push([method, ...args]);
      const error = refusal;
      refusal = undefined;
      return error ? Promise.reject(error) : Promise.resolve(state);
    };
  const journey: Journey = {
    get definition() {
      return loaded ? definition : undefined;
    },
    get state() {
      return loaded ? state : undefined;
    },
    load: () => {
      calls.push(['load']);
      if (options.hasJourney === false) {
        return Promise.reject(new AirError('JOURNEY_NOT_FOUND', 'no journey'));
      }
      loaded = true;
      return Promise.resolve({ definition, state });
    },
    start: record('start'),
    complete: record('complete'),
    answer: record('answer'),
    submitQuestionnaire: record('submitQuestionnaire'),
    override: record('override'),
    attest: record('attest'),
    skip: record('skip'),
    startGesture: () => Promise.reject(new AirError('CONFIRMATION_UNAVAILABLE', 'not in this fake')),
    submitGesture: () => Promise.reject(new AirError('CONFIRMATION_UNAVAILABLE', 'not in this fake')),
    submitVoice: () => Promise.reject(new AirError('CONFIRMATION_UNAVAILABLE', 'not in this fake')),
    gesturePort: () => ({
      start: () => Promise.reject(new AirError('CONFIRMATION_UNAVAILABLE', 'not in this fake')),
      submit: () => Promise.reject(new AirError('CONFIRMATION_UNAVAILABLE', 'not in this fake')),
    }),
    playAgain: (stepId: string) => {
      calls.push(['playAgain', stepId]);
      return Promise.resolve({ durationMs: 4_000 });
    },
    on: <K extends keyof JourneyEvents>(event: K, listener: (data: JourneyEvents[K]) => void) =>
      journeyEvents.on(event, listener),
    off: () => undefined,
  };
  const recording: Pick<Recording, 'status' | 'declineConsent'> = {
    status: { state: 'idle', since: 0, consentGiven: false, consent: 'pending' },
    declineConsent: (request) => {
      calls.push(['declineConsent', request]);
      return Promise.resolve(recording.status);
    },
  };
  const session = {
    journey,
    recording: recording as Recording,
    on: <K extends keyof SessionEvents>(event: K, listener: (data: SessionEvents[K]) => void) =>
      sessionEvents.on(event, listener),
  } satisfies JourneySession;
  return {
    session,
    calls,
    refuseNext(error: AirError) {
      refusal = error;
    },
    /** The server applied an action (the real engine) and notified everyone. */
    apply(role: 'agent' | 'customer', action: JourneyAction) {
      const result = applyAction(definition, state, action, {
        role,
        now: Date.now(),
        recordingActive: true,
        identityVerified: false,
        documentsRead: new Set(),
        maxActions: 500,
      });
      if (!result.ok) throw new Error(result.refusal.message);
      state = result.state;
      journeyEvents.emit('changed', { state, events: result.events });
    },
    reconnected() {
      sessionEvents.emit('state', { state: 'connected', previous: 'reconnecting' });
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('JourneyBinding', () => {
  it('loads the journey and keeps one view object per state', async () => {
    const fake = fakeSession();
    const onChange = vi.fn();
    const binding = new JourneyBinding(fake.session, onChange);
    expect(binding.hasJourney).toBeUndefined();
    await binding.load();
    expect(binding.hasJourney).toBe(true);
    expect(onChange).toHaveBeenCalled();
    const first = binding.customerView('zh-Hans');
    expect(binding.customerView('zh-Hans')).toBe(first);
    fake.apply('agent', { type: 'start', stepId: 'consent', actionId: 'action-0001' });
    const second = binding.customerView('zh-Hans');
    expect(second).not.toBe(first);
    expect(second?.step?.stepId).toBe('consent');
    expect(binding.prompterView('zh-Hans', JOURNEY_TEXT.en)).toBe(binding.prompterView('zh-Hans', JOURNEY_TEXT.en));
  });

  it('knows a session without a journey, and reads it again after a reconnect', async () => {
    const fake = fakeSession({ hasJourney: false });
    const binding = new JourneyBinding(fake.session, () => undefined);
    await binding.load();
    expect(binding.hasJourney).toBe(false);
    expect(binding.errorCode).toBeUndefined();
    expect(binding.customerView('zh-Hans')).toBeUndefined();
    fake.reconnected();
    expect(fake.calls.filter(([method]) => method === 'load')).toHaveLength(2);
  });

  it('makes the call an action stands for, and tells a refusal with a fresh view', async () => {
    const fake = fakeSession();
    const binding = new JourneyBinding(fake.session, () => undefined);
    await binding.load();
    fake.apply('agent', { type: 'start', stepId: 'consent', actionId: 'action-0002' });
    const before = binding.customerView('zh-Hans');
    fake.refuseNext(new AirError('JOURNEY_TOO_EARLY', 'too early'));
    await binding.act({ stepId: 'consent', action: 'accept', value: undefined });
    expect(fake.calls.at(-1)).toEqual(['complete', 'consent', 'tap']);
    expect(binding.errorCode).toBe('JOURNEY_TOO_EARLY');
    // The element waits after a press until a new view arrives: after a refusal it must get one to act again.
    expect(binding.customerView('zh-Hans')).not.toBe(before);
    await binding.act({ stepId: 'consent', action: 'accept', value: undefined });
    expect(binding.errorCode).toBeUndefined();
    fake.apply('customer', { type: 'complete', stepId: 'consent', confirmation: 'tap', actionId: 'action-0003' });
    expect(binding.customerView('zh-Hans')?.step?.state).toBe('completed');
  });

  it('skips an optional step with the agent’s reason, and completes an open identity step once liveness passed', async () => {
    const fake = fakeSession();
    const binding = new JourneyBinding(fake.session, () => undefined);
    await binding.load();
    fake.apply('agent', { type: 'start', stepId: 'consent', actionId: 'action-0101' });
    fake.apply('customer', { type: 'complete', stepId: 'consent', confirmation: 'tap', actionId: 'action-0102' });
    fake.apply('agent', { type: 'start', stepId: 'introduction', actionId: 'action-0103' });
    fake.apply('agent', { type: 'complete', stepId: 'introduction', actionId: 'action-0104' });
    // Nothing open yet: a passed liveness check calls nothing.
    await binding.identityPassed();
    expect(fake.calls.at(-1)).toEqual(['load']);
    await binding.act({ stepId: 'identity', action: 'skip', value: 'No ID photo on file.' });
    expect(fake.calls.at(-1)).toEqual(['skip', 'identity', 'No ID photo on file.']);
    fake.apply('agent', { type: 'start', stepId: 'identity', actionId: 'action-0105' });
    await binding.identityPassed();
    expect(fake.calls.at(-1)).toEqual(['complete', 'identity', undefined]);
  });

  it('declines the recording from the consent step', async () => {
    const fake = fakeSession();
    const binding = new JourneyBinding(fake.session, () => undefined);
    await binding.load();
    await binding.act({ stepId: 'consent', action: 'decline', value: undefined });
    expect(fake.calls.at(-1)).toEqual([
      'declineConsent',
      { consentTextVersion: '2026-01', action: 'button:decline', locale: 'zh-Hans' },
    ]);
  });

  it('plays a spoken disclosure again and offers it again once heard', async () => {
    vi.useFakeTimers();
    const fake = fakeSession();
    const onChange = vi.fn();
    const binding = new JourneyBinding(fake.session, onChange);
    await binding.load();
    let n = 10;
    const act = (role: 'agent' | 'customer', action: Unsent) => {
      n += 1;
      fake.apply(role, { ...action, actionId: `action-00${n}` } as JourneyAction);
    };
    act('agent', { type: 'start', stepId: 'consent' });
    act('customer', { type: 'complete', stepId: 'consent', confirmation: 'tap' });
    act('agent', { type: 'start', stepId: 'introduction' });
    act('agent', { type: 'complete', stepId: 'introduction' });
    act('agent', { type: 'skip', stepId: 'identity', reason: 'No ID photo on file.' });
    act('agent', { type: 'start', stepId: 'risk-disclosure' });
    expect(binding.customerView('zh-Hans')?.step?.speech).toEqual({ playing: false });
    await binding.act({ stepId: 'risk-disclosure', action: 'play-again', value: undefined });
    expect(fake.calls.at(-1)).toEqual(['playAgain', 'risk-disclosure']);
    expect(binding.customerView('zh-Hans')?.step?.speech).toEqual({ playing: true });
    onChange.mockClear();
    vi.advanceTimersByTime(4_000);
    expect(onChange).toHaveBeenCalled();
    expect(binding.customerView('zh-Hans')?.step?.speech).toEqual({ playing: false });
    binding.dispose();
  });
});
