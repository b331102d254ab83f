import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host once a second while it runs, so that live counters and
 * countdowns (`role="timer"`) move between the events that change them. It
 * stops when the host leaves the page; the host starts it again when it needs
 * it.
 */
export class Ticker implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Starts ticking (a running ticker keeps its rhythm) or, with `false`, stops. */
  run(on = true): void {
    if (!on) this.stop();
    else this.#timer ??= setInterval(() => this.#host.requestUpdate(), 1000);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  hostDisconnected(): void {
    this.stop();
  }
}
