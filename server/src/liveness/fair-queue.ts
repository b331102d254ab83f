/**
 * Runs jobs with bounded concurrency, fair between keys (sessions): each key
 * has its own FIFO, keys are served round-robin, and a key never has more
 * than one job running. One session that queues many frames therefore delays
 * another session by at most one job per turn, never by its whole backlog.
 */
export class FairQueue {
  readonly #concurrency: number;
  readonly #queues = new Map<string, (() => void)[]>();
  /** Keys with queued jobs, in the order they will be served. */
  readonly #ring: string[] = [];
  readonly #busy = new Set<string>();

  constructor(concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency ${concurrency}`);
    this.#concurrency = concurrency;
  }

  /** Jobs waiting (not running), all keys. */
  get queued(): number {
    let total = 0;
    for (const queue of this.#queues.values()) total += queue.length;
    return total;
  }

  /** Keys with a job running. */
  get running(): number {
    return this.#busy.size;
  }

  /** Queues `job` under `key`; resolves or rejects with the job's own outcome. */
  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        job().then(
          (value) => {
            this.#finished(key);
            resolve(value);
          },
          (error: unknown) => {
            this.#finished(key);
            reject(error);
          },
        );
      };
      const queue = this.#queues.get(key);
      if (queue) queue.push(start);
      else {
        this.#queues.set(key, [start]);
        this.#ring.push(key);
      }
      this.#pump();
    });
  }

  /** The key just had its turn: it goes behind every key that is waiting. */
  #finished(key: string): void {
    this.#busy.delete(key);
    const index = this.#ring.indexOf(key);
    if (index >= 0) {
      this.#ring.splice(index, 1);
      this.#ring.push(key);
    }
    this.#pump();
  }

  #pump(): void {
    let scanned = 0;
    while (this.#busy.size < this.#concurrency && scanned < this.#ring.length) {
      const key = this.#ring.shift();
      if (key === undefined) return;
      if (this.#busy.has(key)) {
        // Its turn comes again after the others: one job per key at a time.
        this.#ring.push(key);
        scanned += 1;
        continue;
      }
      const queue = this.#queues.get(key);
      const next = queue?.shift();
      if (queue && queue.length > 0) this.#ring.push(key);
      else this.#queues.delete(key);
      if (!next) continue;
      scanned = 0;
      this.#busy.add(key);
      next();
    }
  }
}
