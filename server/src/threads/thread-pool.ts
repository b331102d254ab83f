import { Worker } from 'node:worker_threads';
import { AirError, type ErrorCode } from '@aircounter/protocol';
import type { Logger } from '../log.ts';

// Work that would hold the server's event loop (face models, reading recorded
// files) runs in worker threads, so signaling and REST stay responsive while
// it runs. One pool per kind of work, each thread one job at a time.

const SOURCE_CONDITION = '--conditions=source';

/** What a worker receives: the job, with the id its reply must carry. */
export type ThreadRequest<Request extends object> = Request & { readonly id: number };

/** What a worker answers: one reply per request, with the request's id; `ok: false` carries a typed error. */
export type ThreadReply<Success extends object> =
  | (Success & { readonly id: number; readonly ok: true })
  | { readonly id: number; readonly ok: false; readonly code: ErrorCode; readonly message: string };

/**
 * The worker module next to `from` (an `import.meta.url`): the .ts file when
 * running from source (`node --conditions=source …`, vitest), which needs the
 * same export condition to find the workspace sources; the compiled .js file
 * otherwise.
 */
export function workerModule(from: string, name: string): { readonly url: URL; readonly execArgv: string[] } {
  const fromSource = from.endsWith('.ts');
  const url = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, from);
  const execArgv =
    fromSource && !process.execArgv.includes(SOURCE_CONDITION)
      ? [...process.execArgv, SOURCE_CONDITION]
      : process.execArgv;
  return { url, execArgv };
}

interface Pending<Reply> {
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
}

/** One worker thread, one job at a time. */
class PoolThread<Request extends object, Reply> {
  readonly #worker: Worker;
  #pending: Pending<Reply> | undefined;
  #nextId = 1;
  #dead = false;

  constructor(module: ReturnType<typeof workerModule>, log: Logger, name: string, onGone: () => void) {
    this.#worker = new Worker(module.url, { execArgv: module.execArgv });
    // Idle threads must not keep a process alive that has nothing else to do.
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.resolve(reply);
    });
    const gone = (error: Error): void => {
      if (this.#dead) return;
      this.#dead = true;
      this.#pending?.reject(error);
      this.#pending = undefined;
      onGone();
    };
    this.#worker.on('error', (error) => {
      log.error(`${name} thread failed`, { error });
      gone(error);
    });
    this.#worker.on('exit', (code) => gone(new Error(`${name} thread exited with ${code}`)));
  }

  get dead(): boolean {
    return this.#dead;
  }

  call(request: Request): Promise<Reply> {
    if (this.#pending) return Promise.reject(new Error('thread busy'));
    if (this.#dead) return Promise.reject(new Error('thread gone'));
    return new Promise<Reply>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#worker.postMessage({ ...request, id: this.#nextId++ });
    });
  }

  async terminate(): Promise<void> {
    this.#dead = true;
    await this.#worker.terminate();
  }
}

export interface ThreadPoolOptions {
  /** The worker module (see {@link workerModule}). */
  readonly module: ReturnType<typeof workerModule>;
  /** Threads at most; jobs beyond wait for one. */
  readonly size: number;
  readonly log: Logger;
  /** Names the work in logs ("vision", "recording reader"). */
  readonly name: string;
  /** The INTERNAL error's message when a thread dies under a job. */
  readonly failure: string;
  /** The INTERNAL error's message for a job asked after `close()`. */
  readonly closed: string;
}

/**
 * A bounded pool of worker threads: threads start on first use and are
 * replaced if one dies (its job fails with INTERNAL); a job waits for an idle
 * thread. A worker's `ok: false` reply becomes an AirError with its code.
 */
export class ThreadPool<Request extends object, Success extends object> {
  readonly size: number;
  readonly #options: ThreadPoolOptions;
  readonly #idle: PoolThread<Request, ThreadReply<Success>>[] = [];
  readonly #all = new Set<PoolThread<Request, ThreadReply<Success>>>();
  readonly #waiting: ((thread: PoolThread<Request, ThreadReply<Success>>) => void)[] = [];
  #closed = false;

  constructor(options: ThreadPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`pool size ${options.size}`);
    this.size = options.size;
    this.#options = options;
  }

  /** Runs one job on an idle thread (waiting for one if all are busy). */
  async run(request: Request): Promise<Success & { readonly ok: true }> {
    const thread = await this.#acquire();
    let reply: ThreadReply<Success>;
    try {
      reply = await thread.call(request);
    } catch (error) {
      throw new AirError('INTERNAL', this.#options.failure, { cause: error });
    } finally {
      this.#release(thread);
    }
    if (!reply.ok) throw new AirError(reply.code, reply.message);
    return reply;
  }

  /** Runs the same job once on each of `size` threads (starting them), e.g. to load models everywhere. */
  async runOnEvery(request: Request): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, () => this.run(request)));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const threads = [...this.#all];
    this.#all.clear();
    this.#idle.length = 0;
    await Promise.allSettled(threads.map((thread) => thread.terminate()));
  }

  #spawn(): PoolThread<Request, ThreadReply<Success>> {
    const { module, log, name } = this.#options;
    const thread: PoolThread<Request, ThreadReply<Success>> = new PoolThread(module, log, name, () =>
      this.#forget(thread),
    );
    this.#all.add(thread);
    return thread;
  }

  #acquire(): Promise<PoolThread<Request, ThreadReply<Success>>> {
    if (this.#closed) return Promise.reject(new AirError('INTERNAL', this.#options.closed));
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#all.size < this.size) return Promise.resolve(this.#spawn());
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(thread: PoolThread<Request, ThreadReply<Success>>): void {
    if (thread.dead || this.#closed) return;
    const next = this.#waiting.shift();
    if (next) next(thread);
    else this.#idle.push(thread);
  }

  #forget(thread: PoolThread<Request, ThreadReply<Success>>): void {
    this.#all.delete(thread);
    const index = this.#idle.indexOf(thread);
    if (index >= 0) this.#idle.splice(index, 1);
    // A waiter gets a fresh thread in place of the dead one.
    const next = this.#waiting.shift();
    if (next && !this.#closed) next(this.#spawn());
  }
}
