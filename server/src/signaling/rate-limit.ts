/**
 * A token bucket: `burst` messages at once, refilled at `perSecond`. Keeps a
 * client from making the server (and its media workers) do unbounded work.
 */
export class TokenBucket {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(options: { perSecond: number; burst: number; now?: () => number }) {
    this.#perSecond = options.perSecond;
    this.#burst = options.burst;
    this.#now = options.now ?? Date.now;
    this.#tokens = options.burst;
    this.#updatedAt = this.#now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#updatedAt) / 1000) * this.#perSecond);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Counts refused messages in a sliding window; too many means abuse (or a broken client). */
export class StrikeCounter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #strikes: number[] = [];

  constructor(options: { max: number; windowMs: number; now?: () => number }) {
    this.#max = options.max;
    this.#windowMs = options.windowMs;
    this.#now = options.now ?? Date.now;
  }

  /** Records a strike; true once the window holds more than `max`. */
  record(): boolean {
    const now = this.#now();
    this.#strikes.push(now);
    while (this.#strikes.length > 0 && (this.#strikes[0] ?? now) <= now - this.#windowMs) this.#strikes.shift();
    return this.#strikes.length > this.#max;
  }
}
