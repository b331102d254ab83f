import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How often the remaining seconds are re-rendered. */
const TICK_MS = 250;

/**
 * Counts a minimum duration down from the moment it was given, re-rendering
 * the host while it runs and calling `onElapsed` once when it reaches zero.
 * Pauses its ticking while the host is disconnected.
 */
export class Countdown implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onElapsed: () => void;
  #endsAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, onElapsed: () => void) {
    this.#host = host;
    this.#onElapsed = onElapsed;
    host.addController(this);
  }

  /** Milliseconds still to wait (0 when elapsed). */
  get remainingMs(): number {
    return Math.max(0, this.#endsAt - performance.now());
  }

  /** Starts counting `ms` down from now (0 or less: already elapsed, no callback). */
  start(ms: number): void {
    this.#stop();
    this.#endsAt = performance.now() + Math.max(0, ms);
    if (ms <= 0) return;
    this.#timer = setInterval(() => {
      if (this.remainingMs > 0) {
        this.#host.requestUpdate();
        return;
      }
      this.#stop();
      this.#host.requestUpdate();
      this.#onElapsed();
    }, TICK_MS);
  }

  hostConnected(): void {
    // Re-attached while counting: go on from where the clock is.
    if (this.#timer === undefined && this.remainingMs > 0) this.start(this.remainingMs);
  }

  hostDisconnected(): void {
    this.#stop();
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
