import { availableParallelism } from 'node:os';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import { ThreadPool, workerModule, type ThreadReply, type ThreadRequest } from '../threads/thread-pool.ts';
import type { MediaProbe } from './probe.ts';
import { readRecordedFile } from './read-recorded.ts';

/** A job for a reader thread: read one file, or only start (the thread loads its modules). */
export type ReadJob = { readonly kind: 'read'; readonly file: string } | { readonly kind: 'warmUp' };
export type ReadResult = { readonly kind: 'read'; readonly probe: MediaProbe } | { readonly kind: 'warmUp' };
export type ReadRequest = ThreadRequest<ReadJob>;
export type ReadReply = ThreadReply<ReadResult>;

/** Reads a recorded file for its summary (streams, packets, duration); RECORDING_FAILED when it cannot. */
export type RecordedFileReader = (file: string) => Promise<MediaProbe>;

/**
 * Reads finished recordings in worker threads (`readRecordedFile` there):
 * when a shift ends and many recordings are sealed at once, hundreds of files
 * are parsed packet by packet, which on the event loop would delay every
 * session's signaling and leave the other cores idle. Threads start on first
 * use; idle ones do not keep the process alive. When no thread can do it (one
 * died under the job, or the pool is closed while a shutdown still finishes
 * recordings), the file is read in this thread: a summary is never lost to
 * the pool.
 */
export class RecordedFileReaders {
  readonly #threads: ThreadPool<ReadJob, ReadResult>;

  /** `size` defaults to the cores, at least two and at most four. */
  constructor(options: { readonly log: Logger; readonly size?: number }) {
    this.#threads = new ThreadPool({
      module: workerModule(import.meta.url, 'read-recorded-worker'),
      size: options.size ?? Math.min(4, Math.max(2, availableParallelism())),
      log: options.log,
      name: 'recording reader',
      failure: 'a recorded file could not be read',
      closed: 'the recording service is shutting down',
    });
  }

  readonly read: RecordedFileReader = async (file) => {
    try {
      const reply = await this.#threads.run({ kind: 'read', file });
      if (reply.kind !== 'read') throw new AirError('INTERNAL', 'a reader thread answered the wrong job');
      return reply.probe;
    } catch (error: unknown) {
      // The file's own problems come back as RECORDING_FAILED; INTERNAL is the pool's.
      if (error instanceof AirError && error.code === 'INTERNAL') return readRecordedFile(file);
      throw error;
    }
  };

  /**
   * Starts the threads now (a recording began), so that its stop does not
   * wait for them to start and load their modules (a few hundred ms). A
   * failure only leaves the reading to this thread.
   */
  warmUp(): void {
    this.#threads.runOnEvery({ kind: 'warmUp' }).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.#threads.close();
  }
}
