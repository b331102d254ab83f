// Child process for the fake-camera browser suites: the server's own
// LivenessService (server/src/liveness) with the real models, driven over IPC
// by the web-test-runner plugin in wtr-liveness-verifier.ts. Started with
// `node --conditions=source` so workspace packages resolve to their sources.
import { readFileSync } from 'node:fs';
import type { LivenessChallenge, LivenessDecision, SubmitLivenessRequest } from '@aircounter/protocol';
import { SigningKeyRing } from '../../../../server/src/evidence/signing-keys.ts';
import { LivenessService } from '../../../../server/src/liveness/liveness-service.ts';
import { createLogger } from '../../../../server/src/log.ts';
import { createNodeVision } from '../../src/node/index.ts';
import { generated } from './face-fixtures.ts';

export type VerifierRequest =
  | {
      readonly op: 'start';
      readonly sessionId: string;
      readonly challenges: LivenessChallenge[];
      readonly perChallengeMs: number;
    }
  | { readonly op: 'submit'; readonly sessionId: string; readonly submission: SubmitLivenessRequest };

const keys = await SigningKeyRing.ephemeral();
const log = createLogger({ level: 'warn' });
const models = createNodeVision({ maxFaces: 2 });
/** One service per test session: each test sets its own challenges and time limits. */
const services = new Map<string, LivenessService>();
/** The full signed decisions (what an agent receives), by nonce: the customer's answer is only pass/fail. */
const decisions = new Map<string, LivenessDecision>();

async function handle(request: VerifierRequest): Promise<unknown> {
  if (request.op === 'start') {
    let service = services.get(request.sessionId);
    if (!service) {
      const challenges = request.challenges;
      service = new LivenessService({
        signer: keys,
        log,
        picker: () => [...challenges],
        perChallengeMs: request.perChallengeMs,
        positioningMs: 20_000,
        loadVision: () => models,
        notify: (_sessionId, _peerId, decision) => decisions.set(decision.nonce, decision),
      });
      await service.setIdPhoto(request.sessionId, readFileSync(generated('id-photo.jpg')));
      services.set(request.sessionId, service);
    }
    return service.start(request.sessionId, 'customer-1');
  }
  const service = services.get(request.sessionId);
  if (!service) throw new Error(`no liveness started for ${request.sessionId}`);
  const outcome = await service.submit(request.sessionId, 'customer-1', request.submission);
  return { outcome, decision: decisions.get(outcome.nonce) };
}

process.on('message', (message: { id: number; request: VerifierRequest }) => {
  handle(message.request).then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (error: unknown) =>
      process.send?.({
        id: message.id,
        ok: false,
        error: {
          code: typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        },
      }),
  );
});
process.send?.({ ready: true });
