import { verifyEvidence, type VerificationReport } from '@aircounter/evidence';
import { evidenceReaderFor, type ReplaySource } from '@aircounter/evidence/replay';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterStatusChange } from '../../base/task.ts';

/**
 * `verifying` → `verified` (no error-severity problem; warnings allowed) or
 * `failed` (the package is not intact); `error` when the check could not run
 * (network, keys unavailable) — which says nothing about the package.
 */
export type IntegrityState = 'idle' | 'verifying' | 'verified' | 'failed' | 'error';

export interface IntegrityOptions {
  readonly onReport: (report: VerificationReport) => void;
  readonly onError: (error: unknown) => void;
}

type Target = readonly [source: ReplaySource, sessionId: string];

/**
 * Runs the shared verifier (`verifyEvidence` of `@aircounter/evidence`) in
 * the page, over the same source the replay plays from: SHA-256 and Ed25519
 * are computed here with WebCrypto (and the verifier's streaming SHA-256 for
 * media), so the verdict does not rest on the server's word — nor on its
 * current key list: only the keys the source pins are trusted, unless it opts
 * in to the server's published keys (`trustServerPublishedKeys`).
 *
 * A `Task`: a new check (or a reset) aborts the one running, whose reads then
 * stop and whose result is dropped.
 */
export class IntegrityController implements ReactiveController {
  readonly #task: Task<Target, VerificationReport>;
  /** Reset (or never started): whatever the task last did is not shown. */
  #idle = true;

  constructor(host: ReactiveControllerHost, options: IntegrityOptions) {
    host.addController(this);
    this.#task = new Task<Target, VerificationReport>(host, {
      autoRun: false,
      task: async ([source, sessionId], { signal }) => {
        try {
          // Pinned keys only, unless the source explicitly trusts what the server publishes:
          // the server's current key list is reported beside them, never trusted by default.
          const [publicKeys, serverPublishedKeys] = await Promise.all([
            source.signingKeys(),
            source.serverPublishedKeys?.().catch(() => []) ?? [],
          ]);
          signal.throwIfAborted();
          return await verifyEvidence(evidenceReaderFor(source, sessionId, signal), {
            publicKeys,
            serverPublishedKeys,
            trustServerPublishedKeys: source.trustServerPublishedKeys === true,
            expectedSessionId: sessionId,
          });
        } catch (error) {
          // Stopped on purpose: back to idle, nothing to report.
          if (signal.aborted) return initialState;
          throw error;
        }
      },
      onComplete: afterStatusChange(options.onReport),
      onError: afterStatusChange(options.onError),
    });
  }

  get state(): IntegrityState {
    if (this.#idle) return 'idle';
    switch (this.#task.status) {
      case TaskStatus.INITIAL:
        return 'idle';
      case TaskStatus.PENDING:
        return 'verifying';
      case TaskStatus.COMPLETE:
        return this.#task.value?.ok ? 'verified' : 'failed';
      default:
        return 'error';
    }
  }

  get report(): VerificationReport | undefined {
    return this.state === 'verified' || this.state === 'failed' ? this.#task.value : undefined;
  }

  get error(): unknown {
    return this.state === 'error' ? this.#task.error : undefined;
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** Stops a running check; the state goes back to `idle`. */
  reset(): void {
    this.#idle = true;
    this.#task.abort();
  }

  /** Checks `sessionId`'s package (stopping any check still running). */
  verify(source: ReplaySource, sessionId: string): Promise<void> {
    this.#idle = false;
    return this.#task.run([source, sessionId]);
  }
}
