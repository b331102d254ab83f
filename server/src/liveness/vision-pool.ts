import { Worker } from 'node:worker_threads';
import { AirError } from '@aircounter/protocol';
import type { MeasuredFrame } from '@aircounter/vision';
import type { EvidenceJpeg } from '@aircounter/vision/node';
import type { Logger } from '../log.ts';
import type { FrameAnalyzer } from './analysis.ts';
import type { VisionReply, VisionRequest } from './vision-messages.ts';

// Running from source (`node --conditions=source …`, vitest) the worker is the
// .ts file and needs the same export condition to find the workspace sources.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './vision-worker.ts' : './vision-worker.js', import.meta.url);
const SOURCE_CONDITION = '--conditions=source';

type Request = VisionRequest extends infer R ? (R extends VisionRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  readonly resolve: (reply: VisionReply) => void;
  readonly reject: (error: Error) => void;
}

/** One worker thread, one job at a time. */
class VisionThread {
  readonly #worker: Worker;
  readonly #log: Logger;
  #pending: Pending | undefined;
  #nextId = 1;
  #dead = false;

  constructor(log: Logger, onGone: (thread: VisionThread) => void) {
    this.#log = log;
    const execArgv =
      FROM_SOURCE && !process.execArgv.includes(SOURCE_CONDITION)
        ? [...process.execArgv, SOURCE_CONDITION]
        : process.execArgv;
    this.#worker = new Worker(WORKER_URL, { execArgv });
    // Idle vision threads must not keep a process alive that has nothing else to do.
    this.#worker.unref();
    this.#worker.on('message', (reply: VisionReply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.resolve(reply);
    });
    const gone = (error: Error): void => {
      if (this.#dead) return;
      this.#dead = true;
      this.#pending?.reject(error);
      this.#pending = undefined;
      onGone(this);
    };
    this.#worker.on('error', (error) => {
      this.#log.error('vision worker failed', { error });
      gone(error);
    });
    this.#worker.on('exit', (code) => gone(new Error(`vision worker exited with ${code}`)));
  }

  get dead(): boolean {
    return this.#dead;
  }

  call(request: Request): Promise<VisionReply> {
    if (this.#pending) return Promise.reject(new Error('vision thread busy'));
    if (this.#dead) return Promise.reject(new Error('vision thread gone'));
    return new Promise<VisionReply>((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#worker.postMessage({ ...request, id: this.#nextId++ });
    });
  }

  async terminate(): Promise<void> {
    this.#dead = true;
    await this.#worker.terminate();
  }
}

/**
 * Face models in a bounded pool of worker threads, so decoding and inference
 * never block the event loop that serves signaling and REST. Threads start on
 * first use and are replaced if one dies (its job fails with INTERNAL). The
 * liveness service puts a {@link FairQueue} in front, with the pool's size
 * as its concurrency, so a job always finds an idle thread.
 */
export class VisionPool implements FrameAnalyzer {
  readonly size: number;
  readonly #log: Logger;
  readonly #idle: VisionThread[] = [];
  readonly #all = new Set<VisionThread>();
  readonly #waiting: ((thread: VisionThread) => void)[] = [];
  #closed = false;

  constructor(options: { size: number; log: Logger }) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`pool size ${options.size}`);
    this.size = options.size;
    this.#log = options.log;
  }

  async measure(frame: EvidenceJpeg): Promise<MeasuredFrame> {
    const reply = await this.#call({
      kind: 'measure',
      challenge: frame.challenge,
      capturedAt: frame.capturedAt,
      jpeg: frame.jpeg,
    });
    if (reply.kind !== 'measure') throw new AirError('INTERNAL', 'vision worker answered the wrong job');
    return reply.frame;
  }

  async describeIdPhoto(jpeg: Uint8Array): Promise<Float32Array> {
    const reply = await this.#call({ kind: 'idPhoto', jpeg });
    if (reply.kind !== 'idPhoto') throw new AirError('INTERNAL', 'vision worker answered the wrong job');
    return reply.descriptor;
  }

  /** Starts every thread and loads its models. */
  async warmUp(): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, () => this.#call({ kind: 'warmUp' })));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const threads = [...this.#all];
    this.#all.clear();
    this.#idle.length = 0;
    await Promise.allSettled(threads.map((thread) => thread.terminate()));
  }

  async #call(request: Request): Promise<VisionReply & { ok: true }> {
    const thread = await this.#acquire();
    let reply: VisionReply;
    try {
      reply = await thread.call(request);
    } catch (error) {
      throw new AirError('INTERNAL', 'the face analysis failed on the server', { cause: error });
    } finally {
      this.#release(thread);
    }
    if (!reply.ok) throw new AirError(reply.code, reply.message);
    return reply;
  }

  #acquire(): Promise<VisionThread> {
    if (this.#closed) return Promise.reject(new AirError('INTERNAL', 'the liveness service is shutting down'));
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#all.size < this.size) {
      const thread = new VisionThread(this.#log, (gone) => this.#forget(gone));
      this.#all.add(thread);
      return Promise.resolve(thread);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(thread: VisionThread): void {
    if (thread.dead || this.#closed) return;
    const next = this.#waiting.shift();
    if (next) next(thread);
    else this.#idle.push(thread);
  }

  #forget(thread: VisionThread): void {
    this.#all.delete(thread);
    const index = this.#idle.indexOf(thread);
    if (index >= 0) this.#idle.splice(index, 1);
    // A waiter gets a fresh thread in place of the dead one.
    const next = this.#waiting.shift();
    if (next && !this.#closed) {
      const fresh = new VisionThread(this.#log, (gone) => this.#forget(gone));
      this.#all.add(fresh);
      next(fresh);
    }
  }
}
