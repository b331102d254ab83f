import { entryLine, fromUtf8, sealEntry, utf8, type ChainEntry } from '@aircounter/evidence';
import { AirError, SerialQueue } from '@aircounter/protocol';
import type { AppendTarget } from './store.ts';

/** What an entry is before the writer numbers, links and hashes it. */
export type EntryBody<E extends ChainEntry> = Omit<E, 'seq' | 'prev' | 'hash'>;

export interface ChainState<E extends ChainEntry> {
  /** Entries written so far (= the next seq). */
  readonly entries: number;
  /** Hash of the last entry, or the genesis when empty. */
  readonly headHash: string;
  readonly last: E | undefined;
}

/** Handed to a function that holds the log's lock: it may append without queueing behind itself. */
export interface LockedLog<E extends ChainEntry> {
  readonly state: ChainState<E>;
  append(body: EntryBody<E>): Promise<E>;
}

export interface ChainedLogOptions<E extends ChainEntry> {
  readonly target: AppendTarget;
  readonly genesis: () => Promise<string>;
  /** Entry to write right after a torn last line (from a crash) was cut off. */
  readonly onTornTail?: (droppedBytes: number) => EntryBody<E>;
}

/**
 * Writes one hash-chained JSON Lines log (a session's events or the access
 * log: the chain rule is the same, see @aircounter/evidence `chain.ts`).
 * Appends are serialized: each numbers its entry, links it to the previous
 * hash and resolves only once the line is durable, so concurrent callers
 * never interleave and a caller never sees an entry that a crash could lose.
 * State is read back from the end of the file on first use (never the whole
 * file), which is how a restarted server continues a log.
 */
export class ChainedLogWriter<E extends ChainEntry> {
  readonly #options: ChainedLogOptions<E>;
  #state: ChainState<E> | undefined;
  readonly #queue = new SerialQueue();

  constructor(options: ChainedLogOptions<E>) {
    this.#options = options;
  }

  append(body: EntryBody<E>): Promise<E> {
    return this.withLock((log) => log.append(body));
  }

  /**
   * Appends several entries in the order given, with one durable write: all
   * of them are durable when it resolves. A crash during the write keeps the
   * lines written whole, as a crash between single appends would.
   */
  appendAll(bodies: readonly EntryBody<E>[]): Promise<E[]> {
    return this.withLock(() => this.#appendAllLocked(bodies));
  }

  /** Runs `fn` alone on this log: no other append or locked function runs meanwhile. */
  withLock<T>(fn: (log: LockedLog<E>) => Promise<T>): Promise<T> {
    const currentState = (): ChainState<E> => {
      if (!this.#state) throw new AirError('INTERNAL', 'log state unknown after a failed append');
      return this.#state;
    };
    // The next caller waits for this one to settle either way; the outcome
    // (value or error) belongs to this caller.
    return this.#queue.run(async () => {
      await this.#load();
      return fn({
        get state() {
          return currentState();
        },
        append: (body) => this.#appendLocked(body),
      });
    });
  }

  async #appendLocked(body: EntryBody<E>): Promise<E> {
    const [entry] = await this.#appendAllLocked([body]);
    if (entry === undefined) throw new AirError('INTERNAL', 'an append wrote no entry');
    return entry;
  }

  async #appendAllLocked(bodies: readonly EntryBody<E>[]): Promise<E[]> {
    const state = this.#state ?? (await this.#load());
    const entries: E[] = [];
    let { entries: seq, headHash: prev } = state;
    for (const body of bodies) {
      const entry = (await sealEntry({ ...body, seq, prev })) as unknown as E;
      entries.push(entry);
      seq += 1;
      prev = entry.hash;
    }
    const last = entries.at(-1);
    if (last === undefined) return entries;
    try {
      await this.#options.target.append(utf8(entries.map((entry) => entryLine(entry)).join('')));
    } catch (error) {
      // The file may hold part of a line: read it back (and cut it) before the next append.
      this.#state = undefined;
      throw error;
    }
    this.#state = { entries: seq, headHash: prev, last };
    return entries;
  }

  async #load(): Promise<ChainState<E>> {
    if (this.#state) return this.#state;
    const { lastLine, dropped, validLength } = await this.#readLastLine();
    if (dropped > 0) await this.#options.target.dropTail(validLength);
    let last: E | undefined;
    if (lastLine !== undefined) {
      try {
        last = JSON.parse(lastLine) as E;
      } catch (error) {
        throw new AirError('INTERNAL', 'the last line of the log is not JSON: the log cannot be continued', {
          cause: error,
        });
      }
    }
    this.#state = {
      entries: last ? last.seq + 1 : 0,
      headHash: last ? last.hash : await this.#options.genesis(),
      last,
    };
    if (dropped > 0 && this.#options.onTornTail) await this.#appendLocked(this.#options.onTornTail(dropped));
    return this.#state;
  }

  /**
   * The last complete line, read from the end of the log in growing chunks:
   * memory stays bounded by the longest line, never the log's size.
   */
  async #readLastLine(): Promise<{ lastLine: string | undefined; dropped: number; validLength: number }> {
    for (let want = INITIAL_TAIL_BYTES; ; want *= 2) {
      const tail = await this.#options.target.readTail(want);
      if (tail === undefined) return { lastLine: undefined, dropped: 0, validLength: 0 };
      const { bytes } = tail;
      const complete = bytes.lastIndexOf(0x0a) + 1;
      const dropped = bytes.byteLength - complete;
      const validLength = tail.size - dropped;
      if (complete === 0) {
        // No newline in the chunk: a torn tail with nothing before it, or a line longer than the chunk.
        if (tail.atStart) return { lastLine: undefined, dropped, validLength };
        continue;
      }
      const start = complete >= 2 ? bytes.lastIndexOf(0x0a, complete - 2) + 1 : 0;
      if (start === 0 && !tail.atStart) continue;
      return { lastLine: fromUtf8(bytes.subarray(start, complete - 1)), dropped, validLength };
    }
  }
}

/** First chunk read from the end of a log at start-up (doubled until it holds the last line). */
const INITIAL_TAIL_BYTES = 64 * 1024;
