import { AirError } from '@aircounter/protocol';
import type { MeasuredFrame } from '@aircounter/vision';
import type { EvidenceJpeg } from '@aircounter/vision/node';
import type { Logger } from '../log.ts';
import { ThreadPool, workerModule } from '../threads/thread-pool.ts';
import type { FrameAnalyzer } from './analysis.ts';
import type { VisionJob, VisionResult } from './vision-messages.ts';

/**
 * Face models in a bounded pool of worker threads, so decoding and inference
 * never block the event loop that serves signaling and REST. Threads start on
 * first use and are replaced if one dies (its job fails with INTERNAL). The
 * liveness service puts a {@link FairQueue} in front, with the pool's size
 * as its concurrency, so a job always finds an idle thread.
 */
export class VisionPool implements FrameAnalyzer {
  readonly size: number;
  readonly #threads: ThreadPool<VisionJob, VisionResult>;

  constructor(options: { size: number; log: Logger }) {
    this.#threads = new ThreadPool({
      module: workerModule(import.meta.url, 'vision-worker'),
      size: options.size,
      log: options.log,
      name: 'vision',
      failure: 'the face analysis failed on the server',
      closed: 'the liveness service is shutting down',
    });
    this.size = this.#threads.size;
  }

  async measure(frame: EvidenceJpeg): Promise<MeasuredFrame> {
    const reply = await this.#threads.run({
      kind: 'measure',
      challenge: frame.challenge,
      capturedAt: frame.capturedAt,
      jpeg: frame.jpeg,
    });
    if (reply.kind !== 'measure') throw new AirError('INTERNAL', 'vision worker answered the wrong job');
    return reply.frame;
  }

  async describeIdPhoto(jpeg: Uint8Array): Promise<Float32Array> {
    const reply = await this.#threads.run({ kind: 'idPhoto', jpeg });
    if (reply.kind !== 'idPhoto') throw new AirError('INTERNAL', 'vision worker answered the wrong job');
    return reply.descriptor;
  }

  /** Starts every thread and loads (and runs once) its models. */
  warmUp(): Promise<void> {
    return this.#threads.runOnEvery({ kind: 'warmUp' });
  }

  close(): Promise<void> {
    return this.#threads.close();
  }
}
