import type {
  CustomerConfirmation,
  JourneyAction,
  JourneyDefinition,
  JourneyEngineEvent,
  JourneyState,
} from '@aircounter/journeys';
import type { NotificationData, RequestData, ResponseData } from '@aircounter/protocol';
import { TypedEmitter } from './emitter.ts';
import type { Signaling } from './signaling/signaling.ts';

/** The server's nonce and head moves for a nod or shake check (`startGesture`). */
export type GestureChallenge = ResponseData<'startGestureConfirmation'>;
/** The evidence frames of a gesture: a neutral frontal JPEG, then one per head move, as for liveness. */
export type GestureFrames = RequestData<'submitGestureConfirmation'>['frames'];
/** The server's verdict on a nod, shake or spoken answer: name `verification` in `answer` or `complete`. */
export type ConfirmationVerdict = ResponseData<'submitVoiceConfirmation'>;
/** A short clip of the customer's spoken answer, as the browser recorded it. */
export interface VoiceClip {
  readonly mediaType: RequestData<'submitVoiceConfirmation'>['mediaType'];
  readonly audio: Uint8Array;
}

/** A gesture check as `<air-liveness-check>` runs it (the shape of `session.liveness`). */
export interface GesturePort {
  start(): Promise<ResponseData<'startLiveness'>>;
  submit(submission: RequestData<'submitLiveness'>): Promise<ResponseData<'submitLiveness'>>;
}

type EventOf<T extends JourneyEngineEvent['type']> = Extract<JourneyEngineEvent, { type: T }>;

/** What `session.journey` tells (each step event also arrives inside `changed`). */
export interface JourneyEvents {
  /**
   * `load()` read the definition and state (after joining, after a reconnect): what is on screen now, e.g. the open
   * step a page captions, without waiting for the next change.
   */
  loaded: { readonly definition: JourneyDefinition; readonly state: JourneyState };
  /** Any change: the new state, what happened, and the recording's media time of it. */
  changed: NotificationData<'journeyChanged'>;
  stepStarted: EventOf<'step.started'>;
  stepCompleted: EventOf<'step.completed'>;
  stepInterrupted: EventOf<'step.interrupted'>;
  stepSkipped: EventOf<'step.skipped'>;
  /** The customer gave an answer the question does not accept (it stays open). */
  stepAnswered: EventOf<'step.answered'>;
  /** A questionnaire found the product unsuitable: the agent must override with a reason. */
  stepAwaitingOverride: EventOf<'step.awaiting-override'>;
  /** A suitability mismatch blocked the sale. */
  blocked: EventOf<'journey.blocked'>;
  /** Every step is done. */
  completed: EventOf<'journey.completed'>;
  /** The session's package was sealed with this summary. */
  ended: EventOf<'journey.ended'>;
}

/** Engine event type → the event `session.journey` emits for it. */
const EMITTED = {
  'step.started': 'stepStarted',
  'step.completed': 'stepCompleted',
  'step.interrupted': 'stepInterrupted',
  'step.skipped': 'stepSkipped',
  'step.answered': 'stepAnswered',
  'step.awaiting-override': 'stepAwaitingOverride',
  'journey.blocked': 'blocked',
  'journey.completed': 'completed',
  'journey.ended': 'ended',
} as const satisfies Record<JourneyEngineEvent['type'], keyof JourneyEvents>;

/**
 * The session's scripted journey, as the server holds it: the definition, the
 * state, typed events, and one method per action. The server decides every
 * transition; a refusal rejects with its `JOURNEY_*` (or `RECORDING_NOT_ACTIVE`)
 * `AirError` and changes nothing. Each call gets a fresh action id, so a call
 * is never applied twice; call `load()` after joining and after a reconnect.
 */
export interface Journey {
  /** Undefined until `load()` resolved (or a change arrived), and in a session without a journey. */
  readonly definition: JourneyDefinition | undefined;
  readonly state: JourneyState | undefined;
  /** Reads the definition and state from the server (JOURNEY_NOT_FOUND in a session without a journey). */
  load(): Promise<{ definition: JourneyDefinition; state: JourneyState }>;
  /** Agent: opens the next step (or an interrupted one again). */
  start(stepId: string): Promise<JourneyState>;
  /**
   * The step's actor: completes a consent, identity, agent-statement, disclosure, document or notice step. A nod,
   * shake or voice confirmation names the server's verdict (`verification`, from `submitGesture`/`submitVoice`).
   */
  complete(stepId: string, confirmation?: CustomerConfirmation, verification?: string): Promise<JourneyState>;
  /** Customer: answers a question (a nod, shake or voice with the server's verdict, as for `complete`). */
  answer(
    stepId: string,
    answerId: string,
    confirmation: CustomerConfirmation,
    verification?: string,
  ): Promise<JourneyState>;
  /**
   * Customer: asks the server to check a nod or shake for the open step (and the answer it confirms). Detect the
   * head moves it names with `@aircounter/vision` (as for liveness), then send the frames with `submitGesture`.
   * CONFIRMATION_ATTEMPTS_EXHAUSTED past the step's bound: tap is always there.
   */
  startGesture(stepId: string, gesture: 'nod' | 'shake', answerId?: string): Promise<GestureChallenge>;
  /** Customer: the gesture's evidence frames; the server re-measures them and answers with its verdict. */
  submitGesture(nonce: string, frames: GestureFrames): Promise<ConfirmationVerdict>;
  /**
   * Customer: a nod or shake check shaped as a liveness port (`start`, `submit`), for `<air-journey>`'s
   * `gestureCheck` (it runs the head moves with `<air-liveness-check>`). A passed outcome's `nonce` is the
   * server's `verification` id.
   */
  gesturePort(stepId: string, gesture: 'nod' | 'shake', answerId?: string): GesturePort;
  /** Customer: a short clip of the spoken answer; CONFIRMATION_UNAVAILABLE when the server has no speech verifier. */
  submitVoice(stepId: string, clip: VoiceClip, answerId?: string): Promise<ConfirmationVerdict>;
  /** Customer: one option id per question id. */
  submitQuestionnaire(stepId: string, answers: Readonly<Record<string, string>>): Promise<JourneyState>;
  /** Agent: goes on despite a suitability mismatch (flagged on the evidence chain). */
  override(stepId: string, reason: string): Promise<JourneyState>;
  /** Agent: an agent-attestation step, or a question the customer could not confirm (flagged). */
  attest(stepId: string, reason: string): Promise<JourneyState>;
  /** Agent: leaves out an optional step. */
  skip(stepId: string, reason: string): Promise<JourneyState>;
  /**
   * Customer or agent: plays the open disclosure's speech once more (elderly customers: "please say that again").
   * Resolves with the audio's duration once it plays; SPEECH_BUSY while speech plays, RATE_LIMITED past the
   * server's repeat limit.
   */
  playAgain(stepId: string): Promise<{ durationMs: number }>;
  on<K extends keyof JourneyEvents>(event: K, listener: (data: JourneyEvents[K]) => void): () => void;
  off<K extends keyof JourneyEvents>(event: K, listener: (data: JourneyEvents[K]) => void): void;
}

type Unsent = JourneyAction extends infer A ? (A extends JourneyAction ? Omit<A, 'actionId'> : never) : never;

export class JourneyController implements Journey {
  readonly #signaling: Signaling;
  readonly #events = new TypedEmitter<JourneyEvents>();
  readonly #newId: () => string;
  #definition: JourneyDefinition | undefined;
  #state: JourneyState | undefined;

  constructor(signaling: Signaling, newId: () => string = () => crypto.randomUUID()) {
    this.#signaling = signaling;
    this.#newId = newId;
  }

  get definition(): JourneyDefinition | undefined {
    return this.#definition;
  }

  get state(): JourneyState | undefined {
    return this.#state;
  }

  async load(): Promise<{ definition: JourneyDefinition; state: JourneyState }> {
    const view = await this.#signaling.request('journeyState', {});
    this.#definition = view.definition;
    this.#accept(view.state);
    // The state held, which a change that crossed this answer may have made newer.
    const state = this.#state ?? view.state;
    this.#events.emit('loaded', { definition: view.definition, state });
    return view;
  }

  start(stepId: string): Promise<JourneyState> {
    return this.#act({ type: 'start', stepId });
  }

  complete(stepId: string, confirmation?: CustomerConfirmation, verification?: string): Promise<JourneyState> {
    return this.#act({
      type: 'complete',
      stepId,
      ...(confirmation === undefined ? {} : { confirmation }),
      ...(verification === undefined ? {} : { verification }),
    });
  }

  answer(
    stepId: string,
    answerId: string,
    confirmation: CustomerConfirmation,
    verification?: string,
  ): Promise<JourneyState> {
    return this.#act({
      type: 'answer',
      stepId,
      answerId,
      confirmation,
      ...(verification === undefined ? {} : { verification }),
    });
  }

  startGesture(stepId: string, gesture: 'nod' | 'shake', answerId?: string): Promise<GestureChallenge> {
    return this.#signaling.request('startGestureConfirmation', {
      stepId,
      gesture,
      ...(answerId === undefined ? {} : { answerId }),
    });
  }

  submitGesture(nonce: string, frames: GestureFrames): Promise<ConfirmationVerdict> {
    return this.#signaling.request('submitGestureConfirmation', { nonce, frames });
  }

  gesturePort(stepId: string, gesture: 'nod' | 'shake', answerId?: string): GesturePort {
    return {
      start: async () => {
        const { attemptsLeft: _left, ...issued } = await this.startGesture(stepId, gesture, answerId);
        return issued;
      },
      submit: async ({ nonce, frames }) => {
        const verdict = await this.submitGesture(nonce, frames);
        return {
          nonce: verdict.verification,
          passed: verdict.passed,
          attemptsLeft: verdict.attemptsLeft,
          decidedAt: Date.now(),
        };
      },
    };
  }

  submitVoice(stepId: string, clip: VoiceClip, answerId?: string): Promise<ConfirmationVerdict> {
    return this.#signaling.request('submitVoiceConfirmation', {
      stepId,
      mediaType: clip.mediaType,
      audioBase64: base64(clip.audio),
      ...(answerId === undefined ? {} : { answerId }),
    });
  }

  submitQuestionnaire(stepId: string, answers: Readonly<Record<string, string>>): Promise<JourneyState> {
    return this.#act({ type: 'submit-questionnaire', stepId, answers: { ...answers } });
  }

  override(stepId: string, reason: string): Promise<JourneyState> {
    return this.#act({ type: 'override', stepId, reason });
  }

  attest(stepId: string, reason: string): Promise<JourneyState> {
    return this.#act({ type: 'attest', stepId, reason });
  }

  skip(stepId: string, reason: string): Promise<JourneyState> {
    return this.#act({ type: 'skip', stepId, reason });
  }

  playAgain(stepId: string): Promise<{ durationMs: number }> {
    return this.#signaling.request('replayDisclosure', { stepId });
  }

  on<K extends keyof JourneyEvents>(event: K, listener: (data: JourneyEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  off<K extends keyof JourneyEvents>(event: K, listener: (data: JourneyEvents[K]) => void): void {
    this.#events.off(event, listener);
  }

  /**
   * A `journeyChanged` notification. The answer to this participant's own
   * action and the notification of it can cross: a state not newer than the
   * one held is dropped, so no event is emitted twice or out of order.
   */
  update(change: NotificationData<'journeyChanged'>): void {
    if (!this.#accept(change.state)) return;
    this.#events.emit('changed', change);
    for (const event of change.events) this.#emitStep(event);
  }

  async #act(action: Unsent): Promise<JourneyState> {
    const { state } = await this.#signaling.request('journeyAction', { ...action, actionId: this.#newId() });
    return state;
  }

  /** Keeps `state` if newer than the one held; true when it was. */
  #accept(state: JourneyState): boolean {
    if (this.#state !== undefined && state.revision <= this.#state.revision) return false;
    this.#state = state;
    return true;
  }

  #emitStep(event: JourneyEngineEvent): void {
    // The table pairs each engine event with the emitted event of the same payload.
    const name = EMITTED[event.type];
    const emit = this.#events.emit as (name: keyof JourneyEvents, data: JourneyEngineEvent) => void;
    emit.call(this.#events, name, event);
  }
}

/** Bytes as base64 in the browser and in Node (no Buffer in the browser). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
