import { createHash, randomUUID } from 'node:crypto';
import type { EvidenceEvent } from '@aircounter/evidence';
import type { JourneyDefinition, JourneyState, VerifiedVerdict } from '@aircounter/journeys';
import { AirError, type ConfirmationVerdict, type RequestData, type StartLivenessResponse } from '@aircounter/protocol';
import type { GestureBinding, GestureVerdict } from '../liveness/liveness-service.ts';
import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import type { SpeechVerifier } from '../speech/verifier.ts';
import { confirmationTarget } from './confirmation-target.ts';
import { voicePhrases } from './voice-phrases.ts';

/** The liveness service's gesture checks (the same models, limits and worker pool). */
export interface GestureChecker {
  startGesture(sessionId: string, peerId: string, binding: GestureBinding): StartLivenessResponse;
  submitGesture(
    sessionId: string,
    peerId: string,
    request: RequestData<'submitGestureConfirmation'>,
  ): Promise<GestureVerdict>;
}

/** What the confirmation service reads and writes of the session's evidence. */
export interface ConfirmationEvidence {
  append(sessionId: string, event: EvidenceEvent<'journey.confirmation.verified'>): Promise<unknown>;
  readEvents(
    sessionId: string,
  ): Promise<readonly { readonly type: string; readonly data: Readonly<Record<string, unknown>> }[] | undefined>;
}

export interface ConfirmationServiceDeps {
  readonly view: (sessionId: string) => Promise<{ definition: JourneyDefinition; state: JourneyState }>;
  readonly evidence: ConfirmationEvidence;
  readonly log: Logger;
  readonly gestures?: GestureChecker;
  /** The bank's speech model (docs/speech.md); absent: voice confirmations are refused. */
  readonly speechVerifier?: SpeechVerifier;
  /** Gesture and voice checks one step allows, all kinds together (default 3); tap is always there. */
  readonly maxAttemptsPerStep?: number;
}

/**
 * Nod, shake and voice confirmations the server verifies itself
 * (docs/journeys.md, "Confirmations"). The customer's browser detects a nod
 * or shake and sends its frames, or records the spoken answer; the server
 * re-runs the face models (the liveness service) or the bank's speech
 * verifier, and writes its verdict to the evidence chain as
 * `journey.confirmation.verified`. The journey accepts a nod, shake or voice
 * only by naming a passed verdict of the same kind, step, answer and customer
 * that no step used before: the chain is the one record of both, so any node
 * can check it.
 */
export class ConfirmationService {
  readonly #deps: ConfirmationServiceDeps;
  readonly #maxAttempts: number;
  /** Checks asked for, per session and step. */
  readonly #attempts = new Map<string, number>();

  constructor(deps: ConfirmationServiceDeps) {
    this.#deps = deps;
    this.#maxAttempts = deps.maxAttemptsPerStep ?? 3;
  }

  /** Whether this server can check a spoken answer (the customer's element offers voice only then). */
  get voiceAvailable(): boolean {
    return this.#deps.speechVerifier !== undefined;
  }

  /** Opens a nod or shake check for the open step: a nonce bound to it, the head moves to show. */
  async startGesture(
    room: Room,
    peerId: string,
    request: RequestData<'startGestureConfirmation'>,
  ): Promise<StartLivenessResponse & { attemptsLeft: number }> {
    const gestures = this.#deps.gestures;
    if (gestures === undefined) throw new AirError('CONFIRMATION_UNAVAILABLE', 'gesture checks are not available');
    const { definition, state } = await this.#deps.view(room.sessionId);
    const target = confirmationTarget(definition, state, request, request.gesture);
    const attemptsLeft = this.#spendAttempt(room.sessionId, target.step.id);
    const issued = gestures.startGesture(room.sessionId, peerId, {
      stepId: target.step.id,
      ...(target.answerId === undefined ? {} : { answerId: target.answerId }),
      gesture: request.gesture,
    });
    return { ...issued, attemptsLeft };
  }

  /** The gesture's frames: the server's signed verdict goes on the chain, the customer learns pass/fail. */
  async submitGesture(
    room: Room,
    peerId: string,
    request: RequestData<'submitGestureConfirmation'>,
  ): Promise<ConfirmationVerdict> {
    const gestures = this.#deps.gestures;
    if (gestures === undefined) throw new AirError('CONFIRMATION_UNAVAILABLE', 'gesture checks are not available');
    const verdict = await gestures.submitGesture(room.sessionId, peerId, request);
    const { verification, passed, stepId } = verdict;
    await this.#deps.evidence.append(room.sessionId, {
      type: 'journey.confirmation.verified',
      data: {
        ...verdict,
        reasons: [...verdict.reasons],
        challenges: [...verdict.challenges],
        frames: [...verdict.frames],
      },
    });
    return { verification, passed, attemptsLeft: this.#attemptsLeft(room.sessionId, stepId) };
  }

  /**
   * A spoken answer: the configured verifier hears the clip the customer's browser recorded and matches it
   * against the answer's label (or a disclosure's confirmation phrases) in the session's locale.
   */
  async submitVoice(
    room: Room,
    peerId: string,
    request: RequestData<'submitVoiceConfirmation'>,
  ): Promise<ConfirmationVerdict> {
    const verifier = this.#deps.speechVerifier;
    if (verifier === undefined) {
      throw new AirError('CONFIRMATION_UNAVAILABLE', 'this server has no speech verifier: confirm by tap');
    }
    const { definition, state } = await this.#deps.view(room.sessionId);
    const target = confirmationTarget(definition, state, request, 'voice');
    const attemptsLeft = this.#spendAttempt(room.sessionId, target.step.id);
    const audio = new Uint8Array(Buffer.from(request.audioBase64, 'base64'));
    const accepted = voicePhrases(target.step, target.answerId, state.locale);
    const verdict = await verifier.verify({ audio, mediaType: request.mediaType, locale: state.locale, accepted });
    const verification = randomUUID();
    await this.#deps.evidence.append(room.sessionId, {
      type: 'journey.confirmation.verified',
      data: {
        verification,
        peerId,
        stepId: target.step.id,
        ...(target.answerId === undefined ? {} : { answerId: target.answerId }),
        confirmation: 'voice',
        passed: verdict.matched,
        reasons: verdict.matched ? [] : ['not-heard'],
        engine: verdict.engine,
        ...(verdict.transcript === undefined ? {} : { transcriptSha256: sha256(verdict.transcript) }),
        ...(verdict.confidence === undefined ? {} : { confidence: verdict.confidence }),
        audioSha256: sha256(audio),
        audioBytes: audio.byteLength,
      },
    });
    this.#deps.log.info('voice confirmation checked', {
      sessionId: room.sessionId,
      peerId,
      stepId: target.step.id,
      passed: verdict.matched,
      engine: verdict.engine,
    });
    return { verification, passed: verdict.matched, attemptsLeft };
  }

  /**
   * The passed verdict an action names, if it is this customer's and no step used it yet (read from the chain).
   * The engine then checks that it is of the confirmation's kind, for the step and the answer.
   */
  async verified(sessionId: string, peerId: string, id: string): Promise<VerifiedVerdict | undefined> {
    const entries = (await this.#deps.evidence.readEvents(sessionId)) ?? [];
    const used = entries.some(
      (entry) =>
        (entry.type === 'journey.step.completed' || entry.type === 'journey.step.answered') &&
        entry.data['verification'] === id,
    );
    if (used) return undefined;
    const entry = entries.find(
      (e) => e.type === 'journey.confirmation.verified' && e.data['verification'] === id && e.data['passed'] === true,
    );
    if (entry === undefined || entry.data['peerId'] !== peerId) return undefined;
    const { confirmation, stepId, answerId } = entry.data;
    if (confirmation !== 'nod' && confirmation !== 'shake' && confirmation !== 'voice') return undefined;
    if (typeof stepId !== 'string') return undefined;
    return { id, confirmation, stepId, ...(typeof answerId === 'string' ? { answerId } : {}) };
  }

  /** Drops the attempt counts of an ended session. */
  forgetSession(sessionId: string): void {
    for (const k of this.#attempts.keys()) if (k.startsWith(`${sessionId}\u0000`)) this.#attempts.delete(k);
  }

  #spendAttempt(sessionId: string, stepId: string): number {
    const k = `${sessionId}\u0000${stepId}`;
    const used = this.#attempts.get(k) ?? 0;
    if (used >= this.#maxAttempts) {
      this.#deps.log.warn('confirmation attempts exhausted', { sessionId, stepId, attempts: used });
      throw new AirError(
        'CONFIRMATION_ATTEMPTS_EXHAUSTED',
        `step ${stepId} allows ${this.#maxAttempts} gesture or voice checks; confirm by tap`,
      );
    }
    this.#attempts.set(k, used + 1);
    return this.#maxAttempts - used - 1;
  }

  #attemptsLeft(sessionId: string, stepId: string): number {
    return Math.max(0, this.#maxAttempts - (this.#attempts.get(`${sessionId}\u0000${stepId}`) ?? 0));
  }
}

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
