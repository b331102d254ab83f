import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { AirError } from '@aircounter/protocol';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { MediaConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { routerMediaCodecs } from './codecs.ts';

interface PooledWorker {
  readonly worker: types.Worker;
  /** Routers currently open on this worker: the load measure for placement. */
  routers: number;
}

export interface WorkerPoolEvents {
  /** A worker process died; its routers are already closed. A replacement is being started. */
  workerDied: [{ pid: number; error: Error }];
  workerStarted: [{ pid: number }];
}

export interface RouterPlacement {
  readonly router: types.Router;
  readonly workerPid: number;
}

const RESPAWN_BACKOFF_MS = [0, 250, 1000, 5000] as const;

/**
 * mediasoup closes every worker as soon as the process gets SIGINT or SIGTERM
 * (it registers its own listeners in createWorker). That would kill every
 * room before the graceful shutdown could end sessions and finalize
 * recordings, so the pool removes those listeners and closes its workers
 * itself, last, in `close()`. Without any signal listener at all, Node exits
 * on the signal and each worker exits when its channel to Node closes.
 */
function forgetSignalListeners(before: ReadonlySet<unknown>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before.has(listener) && listener.name === 'onSignal') process.removeListener(signal, listener);
    }
  }
}

/**
 * One mediasoup worker (a C++ process) per core. Routers go to the worker
 * with the fewest routers, ties broken round-robin. A worker that dies is
 * replaced; the process stays up and the rooms it hosted are closed by
 * their routers' `workerclose`.
 */
export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #config: MediaConfig;
  readonly #log: Logger;
  readonly #workers: PooledWorker[] = [];
  #nextIndex = 0;
  #closed = false;

  private constructor(config: MediaConfig, log: Logger) {
    super();
    this.#config = config;
    this.#log = log;
  }

  /** Starts `config.workers` workers; fails (closing those started) if one cannot start. */
  static async start(config: MediaConfig, log: Logger): Promise<WorkerPool> {
    const pool = new WorkerPool(config, log);
    try {
      for (let i = 0; i < config.workers; i++) await pool.#spawn();
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Ready when every configured worker runs (none is being replaced). */
  get ready(): boolean {
    return !this.#closed && this.#workers.length >= this.#config.workers;
  }

  get pids(): number[] {
    return this.#workers.map((entry) => entry.worker.pid);
  }

  /** Creates a router with AirCounter's codecs on the least-loaded worker. */
  async createRouter(): Promise<RouterPlacement> {
    const entry = this.#pick();
    entry.routers += 1;
    try {
      const router = await entry.worker.createRouter({ mediaCodecs: routerMediaCodecs(this.#config.videoCodecs) });
      router.observer.once('close', () => {
        entry.routers -= 1;
      });
      return { router, workerPid: entry.worker.pid };
    } catch (error) {
      entry.routers -= 1;
      throw new AirError('INTERNAL', 'could not create a media router', { cause: error });
    }
  }

  /** CPU time each live worker process has used so far (metrics). A worker that cannot answer is left out. */
  async resourceUsage(): Promise<Array<{ pid: number; userMs: number; systemMs: number }>> {
    const usages = await Promise.allSettled(
      this.#workers.map(async ({ worker }) => ({ pid: worker.pid, usage: await worker.getResourceUsage() })),
    );
    return usages.flatMap((result) =>
      result.status === 'fulfilled'
        ? [{ pid: result.value.pid, userMs: result.value.usage.ru_utime, systemMs: result.value.usage.ru_stime }]
        : [],
    );
  }

  close(): void {
    this.#closed = true;
    for (const entry of this.#workers.splice(0)) entry.worker.close();
  }

  #pick(): PooledWorker {
    if (this.#closed) throw new AirError('INTERNAL', 'media workers are shut down');
    const count = this.#workers.length;
    if (count === 0) throw new AirError('WORKER_DIED', 'no media worker available');
    let best: PooledWorker | undefined;
    for (let i = 0; i < count; i++) {
      const candidate = this.#workers[(this.#nextIndex + i) % count];
      if (candidate && (best === undefined || candidate.routers < best.routers)) best = candidate;
    }
    this.#nextIndex = (this.#nextIndex + 1) % count;
    if (!best) throw new AirError('WORKER_DIED', 'no media worker available');
    return best;
  }

  async #spawn(): Promise<void> {
    const signalListenersBefore = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
    const worker = await mediasoup.createWorker({
      logLevel: this.#config.workerLogLevel,
      // Ports are chosen per transport (listenInfos' portRange), not per worker.
      ...(this.#config.workerBin === undefined ? {} : { workerBin: this.#config.workerBin }),
    });
    forgetSignalListeners(signalListenersBefore);
    if (this.#closed) {
      worker.close();
      return;
    }
    const entry: PooledWorker = { worker, routers: 0 };
    this.#workers.push(entry);
    worker.on('died', (error) => this.#onDied(entry, error));
    this.#log.info('media worker started', { pid: worker.pid });
    this.emit('workerStarted', { pid: worker.pid });
  }

  #onDied(entry: PooledWorker, error: Error): void {
    const index = this.#workers.indexOf(entry);
    if (index >= 0) this.#workers.splice(index, 1);
    this.#log.error('media worker died; replacing it', { pid: entry.worker.pid, error });
    this.emit('workerDied', { pid: entry.worker.pid, error });
    this.#respawn().catch((respawnError: unknown) => {
      this.#log.error('media worker replacement failed', { error: respawnError });
    });
  }

  async #respawn(): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      await sleep(RESPAWN_BACKOFF_MS[Math.min(attempt, RESPAWN_BACKOFF_MS.length - 1)]);
      if (this.#closed) return;
      try {
        await this.#spawn();
        return;
      } catch (error) {
        this.#log.error('could not start a replacement media worker; retrying', { attempt, error });
      }
    }
  }
}
