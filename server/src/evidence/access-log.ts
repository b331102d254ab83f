import {
  accessLogGenesis,
  DEFAULT_ACCESS_LOG_ID,
  isValidFileName,
  isValidSessionId,
  MAX_ACCESS_ENTRY_BYTES,
  type AccessEntry,
  type AccessRecord,
} from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import { ChainedLogWriter } from './chained-log.ts';
import type { RotatingAppendTarget } from './store.ts';

/** Default size at which the current access log file is rotated. */
export const DEFAULT_ACCESS_LOG_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface AccessLogOptions {
  readonly logId?: string;
  readonly now?: () => number;
  /** Rotate the current file once it holds this many bytes. */
  readonly maxFileBytes?: number;
  /** Told when a rotation failed (the entry itself is durable; rotation is retried on the next entry). */
  readonly onRotateError?: (error: unknown) => void;
}

const RANGE_SHAPE = /^bytes=[0-9,\- ]{1,64}$/;
const TOKEN_SHAPE = /^[A-Za-z0-9._:@-]{1,64}$/;

/**
 * Who read which evidence, when, with what result: every request to the
 * auditor API, granted or refused, appended to a hash-chained log (the same
 * chain writer as the event logs). Every member is bounded before it is
 * written (an ill-shaped id is logged as null, never as sent), so an entry
 * never exceeds MAX_ACCESS_ENTRY_BYTES; the file is rotated by size and the
 * chain continues in the next file. Verify with `aircounter verify-access-log`.
 */
export class AccessLog {
  readonly #writer: ChainedLogWriter<AccessEntry>;
  readonly #target: RotatingAppendTarget;
  readonly #now: () => number;
  readonly #maxFileBytes: number;
  readonly #onRotateError: (error: unknown) => void;
  /** Bytes in the current file, known after the first append. */
  #currentBytes: number | undefined;

  constructor(target: RotatingAppendTarget, options: AccessLogOptions = {}) {
    const logId = options.logId ?? DEFAULT_ACCESS_LOG_ID;
    this.#target = target;
    this.#now = options.now ?? Date.now;
    this.#maxFileBytes = options.maxFileBytes ?? DEFAULT_ACCESS_LOG_MAX_FILE_BYTES;
    this.#onRotateError = options.onRotateError ?? (() => undefined);
    this.#writer = new ChainedLogWriter<AccessEntry>({ target, genesis: () => accessLogGenesis(logId) });
  }

  record(record: AccessRecord): Promise<AccessEntry> {
    const data = boundedRecord(record);
    return this.#writer.withLock(async (log) => {
      const entry = await log.append({ time: new Date(this.#now()).toISOString(), type: 'evidence.access', data });
      const lineBytes = Buffer.byteLength(JSON.stringify(entry)) + 1;
      this.#currentBytes =
        this.#currentBytes === undefined ? await this.#target.currentSize() : this.#currentBytes + lineBytes;
      if (this.#currentBytes >= this.#maxFileBytes) {
        try {
          await this.#target.rotate(log.state.entries);
          this.#currentBytes = 0;
        } catch (error) {
          this.#currentBytes = undefined;
          this.#onRotateError(error);
        }
      }
      return entry;
    });
  }
}

/** Every member within its bound; anything ill-shaped becomes null (the refusal's code says why). */
export function boundedRecord(record: AccessRecord): AccessRecord & { [key: string]: string | number | null } {
  const token = (value: string | null): string | null => (value !== null && TOKEN_SHAPE.test(value) ? value : null);
  const bounded = {
    actor: record.actor !== null && isValidSessionId(record.actor) ? record.actor : null,
    role: token(record.role),
    scope: record.scope !== null && /^[A-Za-z0-9.:,_-]{1,128}$/.test(record.scope) ? record.scope : null,
    action: token(record.action) ?? 'unknown',
    sessionId: record.sessionId !== null && isValidSessionId(record.sessionId) ? record.sessionId : null,
    file: record.file !== null && isValidFileName(record.file) ? record.file : null,
    range: record.range !== null && RANGE_SHAPE.test(record.range) ? record.range : null,
    status: Number.isSafeInteger(record.status) ? record.status : 0,
    result: record.result,
    code: token(record.code),
    remoteAddress:
      record.remoteAddress !== null && /^[0-9A-Fa-f.:]{1,64}$/.test(record.remoteAddress) ? record.remoteAddress : null,
  };
  // By construction far below the bound (about 900 bytes at most); checked so that a future member cannot break it.
  if (Buffer.byteLength(JSON.stringify(bounded)) > MAX_ACCESS_ENTRY_BYTES - 512) {
    throw new AirError('INTERNAL', 'access log entry above its size bound');
  }
  return bounded;
}
