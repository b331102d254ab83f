import {
  canonicalJson,
  CanonicalJsonError,
  EVENTS_FILE,
  eventLogGenesis,
  isValidEventType,
  isValidSessionId,
  type EventEntry,
  type JsonObject,
} from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import { ChainedLogWriter, type EntryBody, type LockedLog } from './chained-log.ts';
import type { EvidenceStore } from './store.ts';

/**
 * An entry as the log writes it, before seq, time, prev and hash. The log
 * checks only the format's rules (type pattern, JSON data, size); the schema
 * of each type's data is checked by `EvidenceService.append` against
 * `EVENTS` of @aircounter/evidence.
 */
export interface LogEvent {
  readonly type: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /**
   * Session-relative media time, ms. Omitted: computed from the media origin
   * set with {@link EvidenceLog.setMediaOrigin} (null before recording started).
   */
  readonly mediaTimeMs?: number | null;
}

/** An event log entry before the chain numbers and links it. */
export type EventBody = EntryBody<EventEntry>;

/** Largest `data` of one entry (canonical JSON bytes): events are facts, media go to files. */
export const MAX_EVENT_DATA_BYTES = 64 * 1024;

/**
 * The event logs of all sessions: one {@link ChainedLogWriter} per session,
 * so appends to one session are serialized and sessions do not wait for each
 * other.
 */
export class EvidenceLog {
  readonly #store: EvidenceStore;
  readonly #now: () => number;
  readonly #writers = new Map<string, ChainedLogWriter<EventEntry>>();
  readonly #mediaOrigins = new Map<string, number>();

  constructor(store: EvidenceStore, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
  }

  /**
   * Appends an event; resolves with the entry once it is on disk. `check`
   * sees the entry as it will be written (after the format's own checks) and
   * may refuse it by throwing.
   */
  async append(sessionId: string, event: LogEvent, check?: (body: EventBody) => void): Promise<EventEntry> {
    const writer = this.#writer(sessionId);
    const body = this.#body(sessionId, event);
    check?.(body);
    return writer.append(body);
  }

  /** Appends several events in order with one durable write; none is written when one is refused. */
  async appendAll(
    sessionId: string,
    events: readonly LogEvent[],
    check?: (body: EventBody) => void,
  ): Promise<EventEntry[]> {
    const writer = this.#writer(sessionId);
    const bodies = events.map((event) => this.#body(sessionId, event));
    if (check) for (const body of bodies) check(body);
    return writer.appendAll(bodies);
  }

  /**
   * Drops what this process knows of a session's log (its head), once the
   * appends under way are done: the next append reads the head back from the
   * file. Several nodes: a node that stops writing a session's log (another
   * node hosts it) forgets it, so that it never appends after a stale head.
   */
  async forget(sessionId: string): Promise<void> {
    const writer = this.#writers.get(sessionId);
    if (writer === undefined) return;
    await writer.withLock(async () => undefined).catch(() => undefined);
    if (this.#writers.get(sessionId) === writer) this.#writers.delete(sessionId);
    this.#mediaOrigins.delete(sessionId);
  }

  /** Runs `fn` with the session's log locked (finalization: nothing may slip in between). */
  async withLock<T>(sessionId: string, fn: (log: LockedLog<EventEntry>) => Promise<T>): Promise<T> {
    return this.#writer(sessionId).withLock(fn);
  }

  /** Builds an entry body (validated, time-stamped) for use inside {@link withLock}. */
  body(sessionId: string, event: LogEvent): EventBody {
    return this.#body(sessionId, event);
  }

  /** Sets the wall-clock ms at which the session's recording (media time 0) started. */
  setMediaOrigin(sessionId: string, epochMs: number): void {
    this.#mediaOrigins.set(sessionId, epochMs);
  }

  /** Forgets a session's in-memory state (after it was finalized). */
  release(sessionId: string): void {
    this.#writers.delete(sessionId);
    this.#mediaOrigins.delete(sessionId);
  }

  #writer(sessionId: string): ChainedLogWriter<EventEntry> {
    if (!isValidSessionId(sessionId)) throw new AirError('INVALID_PARAMS', 'invalid session id');
    let writer = this.#writers.get(sessionId);
    if (!writer) {
      writer = new ChainedLogWriter<EventEntry>({
        target: this.#store.appendTarget(sessionId, EVENTS_FILE),
        genesis: () => eventLogGenesis(sessionId),
        onTornTail: (droppedBytes) => this.#body(sessionId, { type: 'evidence.log.repaired', data: { droppedBytes } }),
      });
      this.#writers.set(sessionId, writer);
    }
    return writer;
  }

  #body(sessionId: string, event: LogEvent): EventBody {
    if (!isValidEventType(event.type)) throw new AirError('INVALID_PARAMS', `invalid event type: ${event.type}`);
    const now = this.#now();
    return {
      time: new Date(now).toISOString(),
      mediaTimeMs: this.#mediaTime(sessionId, event, now),
      type: event.type,
      data: normalizedData(event.data ?? {}),
    };
  }

  #mediaTime(sessionId: string, event: LogEvent, now: number): number | null {
    if (event.mediaTimeMs !== undefined) {
      if (event.mediaTimeMs !== null && !(Number.isFinite(event.mediaTimeMs) && event.mediaTimeMs >= 0)) {
        throw new AirError('INVALID_PARAMS', 'mediaTimeMs must be null or a non-negative number');
      }
      return event.mediaTimeMs === null ? null : Math.round(event.mediaTimeMs);
    }
    const origin = this.#mediaOrigins.get(sessionId);
    return origin === undefined ? null : Math.max(0, Math.round(now - origin));
  }
}

/** The data exactly as it will read back from the file (undefined members dropped, JSON only). */
function normalizedData(data: Readonly<Record<string, unknown>>): JsonObject {
  let text: string;
  try {
    text = canonicalJson(data);
  } catch (error) {
    if (error instanceof CanonicalJsonError) throw new AirError('INVALID_PARAMS', `event data: ${error.message}`);
    throw error;
  }
  if (text.length > MAX_EVENT_DATA_BYTES) {
    throw new AirError('PAYLOAD_TOO_LARGE', `event data is larger than ${MAX_EVENT_DATA_BYTES} bytes`);
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AirError('INVALID_PARAMS', 'event data must be a JSON object');
  }
  return parsed as JsonObject;
}
