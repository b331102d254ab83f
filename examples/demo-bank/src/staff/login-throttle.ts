/**
 * Bounds password guessing: at most `maxAttempts` failed logins per username
 * per window, and at most `maxTracked` usernames remembered (the oldest are
 * forgotten first), so neither guessing nor the bookkeeping grows without
 * bound. A real bank's identity provider does this (and more).
 */
export class LoginThrottle {
  readonly #maxAttempts: number;
  readonly #windowMs: number;
  readonly #maxTracked: number;
  readonly #now: () => number;
  readonly #attempts = new Map<string, { count: number; since: number }>();

  constructor(options: { maxAttempts?: number; windowMs?: number; maxTracked?: number; now?: () => number } = {}) {
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#windowMs = options.windowMs ?? 5 * 60_000;
    this.#maxTracked = options.maxTracked ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Counts an attempt; false when the username has used up its attempts in this window. */
  tryAcquire(username: string): boolean {
    const now = this.#now();
    const entry = this.#attempts.get(username);
    if (!entry || now - entry.since > this.#windowMs) {
      this.#attempts.delete(username);
      if (this.#attempts.size >= this.#maxTracked) {
        const oldest = this.#attempts.keys().next().value;
        if (oldest !== undefined) this.#attempts.delete(oldest);
      }
      this.#attempts.set(username, { count: 1, since: now });
      return true;
    }
    entry.count += 1;
    return entry.count <= this.#maxAttempts;
  }

  /** A successful login clears the username's count. */
  succeeded(username: string): void {
    this.#attempts.delete(username);
  }
}
