import { availableParallelism } from 'node:os';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import { ThreadPool, workerModule, type ThreadReply, type ThreadRequest } from '../threads/thread-pool.ts';
import type { MediaProbe } from './probe.ts';
import { readRecordedFile } from './read-recorded.ts';

export type ReadRequest = ThreadRequest<{ readonly file: string }>;
export type ReadReply = ThreadReply<{ readonly probe: MediaProbe }>;

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
  readonly #threads: ThreadPool<{ readonly file: string }, { readonly probe: MediaProbe }>;

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
      return (await this.#threads.run({ file })).probe;
    } catch (error: unknown) {
      // The file's own problems come back as RECORDING_FAILED; INTERNAL is the pool's.
      if (error instanceof AirError && error.code === 'INTERNAL') return readRecordedFile(file);
      throw error;
    }
  };

  close(): Promise<void> {
    return this.#threads.close();
  }
}
