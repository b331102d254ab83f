import { verifyEvidence, type VerificationReport } from '@aircounter/evidence';
import { evidenceReaderFor, type ReplaySource } from '@aircounter/evidence/replay';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

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

/**
 * Runs the shared verifier (`verifyEvidence` of `@aircounter/evidence`) in
 * the page, over the same source the replay plays from: SHA-256 and Ed25519
 * are computed here with WebCrypto (and the verifier's streaming SHA-256 for
 * media), so the verdict does not rest on the server's word.
 */
export class IntegrityController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: IntegrityOptions;
  #state: IntegrityState = 'idle';
  #report: VerificationReport | undefined;
  #error: unknown;
  /** Increments on every start/reset: a result of an older run is dropped. */
  #run = 0;

  constructor(host: ReactiveControllerHost, options: IntegrityOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get state(): IntegrityState {
    return this.#state;
  }

  get report(): VerificationReport | undefined {
    return this.#report;
  }

  get error(): unknown {
    return this.#error;
  }

  hostConnected(): void {
    // Started explicitly by the host once it has a source and a session.
  }

  hostDisconnected(): void {
    this.reset();
  }

  reset(): void {
    this.#run += 1;
    this.#state = 'idle';
    this.#report = undefined;
    this.#error = undefined;
  }

  async verify(source: ReplaySource, sessionId: string): Promise<void> {
    const run = ++this.#run;
    this.#state = 'verifying';
    this.#report = undefined;
    this.#error = undefined;
    this.#host.requestUpdate();
    let report: VerificationReport;
    try {
      const publicKeys = await source.signingKeys();
      report = await verifyEvidence(evidenceReaderFor(source, sessionId), {
        publicKeys,
        expectedSessionId: sessionId,
      });
    } catch (error) {
      if (run !== this.#run) return;
      this.#state = 'error';
      this.#error = error;
      this.#host.requestUpdate();
      this.#options.onError(error);
      return;
    }
    if (run !== this.#run) return;
    this.#report = report;
    this.#state = report.ok ? 'verified' : 'failed';
    this.#host.requestUpdate();
    this.#options.onReport(report);
  }
}
