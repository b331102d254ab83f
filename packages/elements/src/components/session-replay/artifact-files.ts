import {
  ArtifactMismatchError,
  readArtifact,
  type ReplayArtifact,
  type ReplaySource,
} from '@aircounter/evidence/replay';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { errorDetail } from '../../base/error-detail.ts';

/** Why a file is not shown: its bytes are not the ones the log names, the package lacks it, or it could not be read. */
export type ArtifactProblem = 'mismatch' | 'missing' | 'failed';

export type ArtifactFileState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly url: string }
  | { readonly status: 'error'; readonly problem: ArtifactProblem; readonly code: string };

export interface ArtifactFilesOptions {
  /** A file could not be handed out (the element reports it as `air-error`). */
  readonly failed: (error: unknown) => void;
}

function problemOf(error: unknown): { problem: ArtifactProblem; code: string } {
  if (error instanceof ArtifactMismatchError) return { problem: 'mismatch', code: error.code };
  const { code } = errorDetail(error);
  return { problem: code === 'EVIDENCE_NOT_FOUND' ? 'missing' : 'failed', code };
}

/**
 * The package's artifacts a reviewer looks at (signature images, the
 * original and signed PDFs) as object URLs of their checked bytes: each file
 * is read when first asked for, checked against the SHA-256 its event names
 * (`readArtifact`), and never handed out otherwise. The URLs are revoked, and
 * reads still running are dropped, when the element shows another session or
 * leaves the page — a PDF tab opened from one keeps what it already loaded.
 */
export class ArtifactFiles implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ArtifactFilesOptions;
  readonly #states = new Map<string, ArtifactFileState>();
  readonly #pending = new Map<string, Promise<string | undefined>>();
  #abort = new AbortController();

  constructor(host: ReactiveControllerHost, options: ArtifactFilesOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.release();
  }

  /** What is known of a file: undefined before anyone asked for it. */
  state(artifact: ReplayArtifact): ArtifactFileState | undefined {
    return this.#states.get(artifact.file);
  }

  /**
   * An object URL of the file's checked bytes; undefined when they cannot be
   * handed out ({@link state} says why) or the session was released meanwhile.
   * A failed file is read again when asked again.
   */
  url(source: ReplaySource, sessionId: string, artifact: ReplayArtifact): Promise<string | undefined> {
    const pending = this.#pending.get(artifact.file);
    if (pending) return pending;
    const signal = this.#abort.signal;
    this.#states.set(artifact.file, { status: 'loading' });
    this.#host.requestUpdate();
    const reading = readArtifact(source, sessionId, artifact, { signal }).then(
      (bytes) => {
        if (signal.aborted) return undefined;
        const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: artifact.mediaType }));
        this.#states.set(artifact.file, { status: 'ready', url });
        this.#host.requestUpdate();
        return url;
      },
      (error: unknown) => {
        if (signal.aborted) return undefined;
        this.#pending.delete(artifact.file);
        this.#states.set(artifact.file, { status: 'error', ...problemOf(error) });
        this.#host.requestUpdate();
        this.#options.failed(error);
        return undefined;
      },
    );
    this.#pending.set(artifact.file, reading);
    return reading;
  }

  /** Revokes every URL and drops every read still running. */
  release(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    for (const state of this.#states.values()) {
      if (state.status === 'ready') URL.revokeObjectURL(state.url);
    }
    this.#states.clear();
    this.#pending.clear();
  }
}
