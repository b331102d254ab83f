/// <reference types="mocha" />
import {
  AirError,
  isErrorCode,
  type LivenessChallenge,
  type LivenessDecision,
  type LivenessOutcome,
  type StartLivenessResponse,
  type SubmitLivenessRequest,
} from '@aircounter/protocol';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../../elements/src/define/air-liveness-check.ts';
import type { AirLivenessCompletedDetail } from '../../../elements/src/events/air-liveness-completed.ts';

type Reply<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

async function call<T>(payload: unknown): Promise<T> {
  const reply = await executeServerCommand<Reply<T>, unknown>('liveness-verifier', payload);
  if (!reply) throw new Error('no liveness verifier plugin');
  if (!reply.ok) throw new AirError(isErrorCode(reply.error.code) ? reply.error.code : 'INTERNAL', reply.error.message);
  return reply.result;
}

/** A LivenessPort backed by the server's LivenessService in Node (see support/wtr-liveness-verifier.ts). */
export class VerifierPort {
  readonly submissions: SubmitLivenessRequest[] = [];
  /** The server's full signed decisions (as an agent sees them), one per submission. */
  readonly decisions: LivenessDecision[] = [];
  readonly #sessionId: string;
  readonly #challenges: LivenessChallenge[];
  readonly #perChallengeMs: number;

  constructor(challenges: LivenessChallenge[], perChallengeMs: number) {
    this.#sessionId = `camera-${Math.random().toString(36).slice(2)}`;
    this.#challenges = challenges;
    this.#perChallengeMs = perChallengeMs;
  }

  start(): Promise<StartLivenessResponse> {
    return call({
      op: 'start',
      sessionId: this.#sessionId,
      challenges: this.#challenges,
      perChallengeMs: this.#perChallengeMs,
    });
  }

  async submit(submission: SubmitLivenessRequest): Promise<LivenessOutcome> {
    this.submissions.push(submission);
    const { outcome, decision } = await call<{ outcome: LivenessOutcome; decision: LivenessDecision }>({
      op: 'submit',
      sessionId: this.#sessionId,
      submission,
    });
    this.decisions.push(decision);
    return outcome;
  }
}

/** Renders <air-liveness-check>, starts it, and resolves with its air-liveness-completed detail. */
export async function runCheck(port: VerifierPort): Promise<{ detail: AirLivenessCompletedDetail; prompts: string[] }> {
  const element = document.createElement('air-liveness-check');
  element.liveness = port;
  document.body.append(element);
  await element.updateComplete;
  const prompts: string[] = [];
  const observer = new MutationObserver(() => {
    const text = element.shadowRoot?.querySelector('[part~="prompt"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    if (text && prompts[prompts.length - 1] !== text) prompts.push(text);
  });
  observer.observe(element.shadowRoot as ShadowRoot, { subtree: true, characterData: true, childList: true });
  const completed = new Promise<AirLivenessCompletedDetail>((resolve, reject) => {
    element.addEventListener('air-liveness-completed', (event) => resolve(event.detail), { once: true });
    element.addEventListener(
      'air-error',
      (event) => reject(new Error(`air-error ${event.detail.code}: ${event.detail.message}`)),
      {
        once: true,
      },
    );
  });
  void element.start();
  try {
    return { detail: await completed, prompts };
  } finally {
    observer.disconnect();
    element.remove();
  }
}
