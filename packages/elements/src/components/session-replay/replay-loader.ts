import { loadReplay, releaseReplay, type LoadedReplay, type ReplaySource } from '@aircounter/evidence/replay';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { errorDetail } from '../../base/error-detail.ts';
import { afterStatusChange } from '../../base/task.ts';

export type ReplayLoadState = 'idle' | 'loading' | 'ready' | 'error';

/** What the loader reads from its element. */
export interface ReplayLoaderHost extends ReactiveControllerHost {
  readonly source: ReplaySource | undefined;
  readonly sessionId: string | undefined;
  readonly isConnected: boolean;
}

export interface ReplayLoaderOptions {
  /** A session starts loading (the host starts the integrity check beside it, over the same source). */
  readonly loading: (source: ReplaySource, sessionId: string) => void;
  /**
   * The package is read ({@link ReplayLoader.replay} is set): the host renders
   * its media and readies playback. Resolves when they can play; stops early
   * once `signal` is aborted.
   */
  readonly prepare: (signal: AbortSignal) => Promise<void>;
  /** The media are ready to play. */
  readonly ready: (replay: LoadedReplay) => void;
  /** The source failed (not a damaged package: that loads, and the integrity check reports it). */
  readonly failed: (error: unknown) => void;
  /** Everything of the shown session is about to be handed back to its source: stop using its media. */
  readonly unloading: () => void;
}

type Target = readonly [source: ReplaySource, sessionId: string];

/**
 * The load cycle of `<air-session-replay>`: read the package of the
 * element's `source` and `session-id` (`loadReplay` of
 * `@aircounter/evidence/replay`), let the element render and prepare the
 * media, and hand everything back to the source when the element moves to
 * another session or leaves the page (loading again when it comes back).
 *
 * A `Task`: starting another load aborts the one running, whose reads stop
 * and whose result is released instead of shown.
 */
export class ReplayLoader implements ReactiveController {
  readonly #host: ReplayLoaderHost;
  readonly #options: ReplayLoaderOptions;
  readonly #task: Task<Target, LoadedReplay>;
  /** No load started since the last unload: whatever the task last did is not shown. */
  #idle = true;
  /** The source and session the current replay (and its cached bytes) came from. */
  #shown: { readonly source: ReplaySource; readonly sessionId: string } | undefined;
  #replay: LoadedReplay | undefined;
  /** Given a session while out of the page: loaded when it is connected again. */
  #needsReload = false;

  constructor(host: ReplayLoaderHost, options: ReplayLoaderOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
    this.#task = new Task<Target, LoadedReplay>(host, {
      autoRun: false,
      task: ([source, sessionId], { signal }) => this.#load(source, sessionId, signal),
      onComplete: afterStatusChange((replay: LoadedReplay) => {
        if (replay === this.#replay) options.ready(replay);
      }),
      onError: afterStatusChange((error: unknown) => options.failed(error)),
    });
  }

  /** `idle` (nothing to show), `loading`, `ready`, or `error` (the source failed). */
  get state(): ReplayLoadState {
    if (this.#idle) return 'idle';
    switch (this.#task.status) {
      case TaskStatus.PENDING:
        return 'loading';
      case TaskStatus.COMPLETE:
        return 'ready';
      case TaskStatus.ERROR:
        return 'error';
      default:
        return 'idle';
    }
  }

  /** The code of the error that failed the load. */
  get errorCode(): string | undefined {
    return this.state === 'error' ? errorDetail(this.#task.error).code : undefined;
  }

  /** The package being shown: set once it is read, before its media are ready. */
  get replay(): LoadedReplay | undefined {
    return this.#replay;
  }

  /** The source the shown session is read from (its artifacts are read through it too). */
  get source(): ReplaySource | undefined {
    return this.#shown?.source;
  }

  /** The session being shown (or loaded). */
  get sessionId(): string | undefined {
    return this.#shown?.sessionId;
  }

  hostConnected(): void {
    if (!this.#needsReload) return;
    this.#needsReload = false;
    this.reload();
  }

  hostDisconnected(): void {
    this.#task.abort();
    this.#unload();
    this.#needsReload = this.#host.source !== undefined && this.#host.sessionId !== undefined;
  }

  /** Shows the host's current `source` and `sessionId`, or nothing when either is missing. */
  reload(): void {
    this.#task.abort();
    this.#unload();
    const { source, sessionId } = this.#host;
    if (!source || !sessionId || !this.#host.isConnected) {
      this.#needsReload = source !== undefined && sessionId !== undefined;
      this.#idle = true;
      this.#host.requestUpdate();
      return;
    }
    this.#idle = false;
    void this.#task.run([source, sessionId]);
  }

  async #load(
    source: ReplaySource,
    sessionId: string,
    signal: AbortSignal,
  ): Promise<LoadedReplay | typeof initialState> {
    this.#shown = { source, sessionId };
    this.#options.loading(source, sessionId);
    try {
      const replay = await loadReplay(source, sessionId, { signal });
      if (signal.aborted) {
        releaseReplay(source, replay);
        return initialState;
      }
      this.#replay = replay;
      await this.#options.prepare(signal);
      signal.throwIfAborted();
      return replay;
    } catch (error) {
      // Stopped for another session or because the element left: not a failure.
      if (signal.aborted) return initialState;
      throw error;
    }
  }

  /** Hands everything of the shown session back to its source. */
  #unload(): void {
    this.#options.unloading();
    const shown = this.#shown;
    if (shown) {
      if (this.#replay) releaseReplay(shown.source, this.#replay);
      shown.source.release?.(shown.sessionId);
    }
    this.#shown = undefined;
    this.#replay = undefined;
  }
}
