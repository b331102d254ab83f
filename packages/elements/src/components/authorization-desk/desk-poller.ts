import type { DeskClient, DeskQueue } from '@aircounter/client';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterStatusChange } from '../../base/task.ts';

/** The most a failing desk waits between two tries. */
export const MAX_POLL_BACKOFF_MS = 60_000;
/** The least time between two polls, whatever `poll-interval` says (the server is shared). */
export const MIN_POLL_INTERVAL_MS = 250;

/** The last queue received, with the server's clock relative to the page's. */
export interface QueueSnapshot {
  readonly queue: DeskQueue;
  /** Server time minus page time, ms: countdowns run on the server's clock. */
  readonly clockOffsetMs: number;
}

export interface DeskPollerHost extends ReactiveControllerHost {
  readonly desk: DeskClient | undefined;
  readonly pollInterval: number;
}

export interface DeskPollerOptions {
  readonly received: (snapshot: QueueSnapshot) => void;
  /** A poll failed; `failures` counts the failures in a row. */
  readonly failed: (error: unknown, failures: number) => void;
}

/**
 * Polls `desk.queue()` while the host is connected: the next poll is
 * scheduled only once the previous one answered (never two at once), and
 * after failures the wait doubles up to {@link MAX_POLL_BACKOFF_MS}. Leaving
 * the page aborts the poll in flight and schedules nothing more.
 */
export class DeskPoller implements ReactiveController {
  readonly #host: DeskPollerHost;
  readonly #task: Task<readonly [DeskClient], QueueSnapshot>;
  #connected = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #polled: DeskClient | undefined;

  constructor(host: DeskPollerHost, options: DeskPollerOptions) {
    this.#host = host;
    host.addController(this);
    this.#task = new Task<readonly [DeskClient], QueueSnapshot>(host, {
      autoRun: false,
      task: async ([desk], { signal }) => {
        try {
          const queue = await desk.queue(signal);
          return { queue, clockOffsetMs: Date.parse(queue.now) - Date.now() || 0 };
        } catch (error: unknown) {
          // Aborted because the element left or got another desk: nothing to report.
          if (signal.aborted) return initialState;
          throw error;
        }
      },
      onComplete: afterStatusChange((snapshot: QueueSnapshot) => {
        this.#failures = 0;
        options.received(snapshot);
        this.#schedule();
      }),
      onError: afterStatusChange((error: unknown) => {
        this.#failures += 1;
        options.failed(error, this.#failures);
        this.#schedule();
      }),
    });
  }

  /** True until the first answer (or failure) of the current desk. */
  get loading(): boolean {
    return this.#task.status === TaskStatus.PENDING;
  }

  hostConnected(): void {
    this.#connected = true;
    this.refresh();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#stop();
  }

  /** Polls now, unless the host's desk is already being polled. */
  refresh(force = false): void {
    const desk = this.#host.desk;
    const polling = this.#task.status === TaskStatus.PENDING || this.#timer !== undefined;
    if (!force && desk === this.#polled && polling) return;
    this.#stop();
    this.#polled = desk;
    if (!this.#connected || !desk) return;
    void this.#task.run([desk]);
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#task.abort();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const desk = this.#host.desk;
    if (!this.#connected || !desk || desk !== this.#polled) return;
    const interval = Math.max(MIN_POLL_INTERVAL_MS, this.#host.pollInterval || 0);
    const delay = Math.min(MAX_POLL_BACKOFF_MS, interval * 2 ** this.#failures);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#connected && this.#host.desk === desk) void this.#task.run([desk]);
    }, delay);
  }
}
