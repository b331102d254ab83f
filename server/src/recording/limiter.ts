/**
 * Runs at most `max` jobs at once, the rest in arrival order. Finalization
 * (repair, ffprobe, quality probes) goes through one of these per server, so
 * a recording with hundreds of segments never starts hundreds of processes.
 */
export class ConcurrencyLimiter {
  readonly #max: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
    this.#max = max;
  }

  /** Jobs running now (for tests and monitoring). */
  get running(): number {
    return this.#running;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running += 1;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next job (the count stays), or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
