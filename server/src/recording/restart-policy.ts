/**
 * A sliding-window budget: at most `max` events within `windowMs`. The track
 * recorder spends one per ffmpeg restart (beyond it the track fails); the
 * session recorder spends one per track start of a participant (beyond it new
 * tracks of that participant wait until the window has room again).
 */
export class WindowBudget {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #events: number[] = [];

  constructor(options: { readonly max: number; readonly windowMs: number; readonly now?: () => number }) {
    this.#max = options.max;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** Spends one event if the window has room; false (nothing spent) when it has not. */
  tryTake(): boolean {
    this.#expire();
    if (this.#events.length >= this.#max) return false;
    this.#events.push(this.#now());
    return true;
  }

  /** Milliseconds until the window has room again (0 when it has now). */
  waitMs(): number {
    this.#expire();
    if (this.#events.length < this.#max) return 0;
    const oldest = this.#events[0] ?? this.#now();
    return Math.max(0, oldest + this.#windowMs - this.#now());
  }

  #expire(): void {
    const now = this.#now();
    while (this.#events.length > 0 && (this.#events[0] ?? now) <= now - this.#windowMs) this.#events.shift();
  }
}
