import type { Readable } from 'node:stream';

/** An object of a session as the store lists it. */
export interface StoredObject {
  readonly name: string;
  readonly size: number;
}

/** Where the bytes of a new object come from. */
export type ObjectSource =
  | { readonly bytes: Uint8Array }
  | { readonly stream: AsyncIterable<Uint8Array> }
  /** A finished file on local disk (a recording written by ffmpeg); `move` removes it once stored. */
  | { readonly path: string; readonly move?: boolean };

export interface PutResult {
  readonly size: number;
  /** SHA-256 (hex) of the bytes as they were stored. */
  readonly sha256: string;
}

/** Inclusive byte range, as HTTP Range uses. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * An append-only file: the event log of a session or the access log. Each
 * `append` is durable when it resolves. `dropTail` exists only to cut a torn
 * last line left by a crash (bytes whose append never resolved).
 */
export interface AppendTarget {
  /**
   * The last `maxBytes` bytes of the log (fewer when it is shorter), without
   * reading the rest: how a writer finds where the chain stands. `atStart`
   * says the bytes begin at the log's first byte; `size` is the length of the
   * file appends go to (what `dropTail` cuts). Undefined when the log is empty.
   */
  readTail(maxBytes: number): Promise<LogTail | undefined>;
  append(bytes: Uint8Array): Promise<void>;
  dropTail(validLength: number): Promise<void>;
}

export interface LogTail {
  readonly bytes: Uint8Array;
  readonly atStart: boolean;
  readonly size: number;
}

/**
 * The access log's target: appends go to the current file, and `rotate`
 * closes it under a name carrying the seq that follows its last entry
 * (`rotatedAccessLogName` of @aircounter/evidence). The chain continues in
 * the next file; `readTail` of an empty current file reads the last rotated one.
 */
export interface RotatingAppendTarget extends AppendTarget {
  /** Bytes in the current file (0 when it does not exist). */
  currentSize(): Promise<number>;
  rotate(nextSeq: number): Promise<void>;
}

/**
 * Write-once storage of evidence packages, one namespace per session.
 *
 * Contract (what every adapter must guarantee):
 * - `put` creates an object exactly once; a second `put` of the same name, or
 *   any write after `seal`, fails with `AirError('STORAGE_WRITE_ONCE')` and
 *   leaves the stored object untouched. A `put` is all-or-nothing: readers
 *   never see a partial object.
 * - `appendTarget(...).append` is durable on return and only ever extends the
 *   object; sealing ends appends.
 * - `seal` makes the whole session immutable (idempotent).
 * - Session ids and names are validated (see `isValidSessionId`,
 *   `isValidFileName` in @aircounter/evidence) before they reach storage.
 *
 * Adapters: `LocalWormStore` (write-once files) and `S3EvidenceStore`
 * (s3-evidence-store.ts), which stages a live session's package in a local
 * store (S3 has no append) and, on `seal`, uploads every file locked in
 * COMPLIANCE mode with its SHA-256, confirms each, writes a seal record and
 * only then drops the staged copy; sealed packages are read from the bucket.
 */
export interface EvidenceStore {
  /** Every session with stored objects. */
  listSessions(): Promise<string[]>;
  /** Objects of a session, sorted by name; empty when the session has none. */
  list(sessionId: string): Promise<StoredObject[]>;
  stat(sessionId: string, name: string): Promise<StoredObject | undefined>;
  put(sessionId: string, name: string, source: ObjectSource): Promise<PutResult>;
  /**
   * What `put` computed for the object (size and SHA-256), but only while the
   * object is provably the one it wrote, untouched since; undefined otherwise
   * (another process put it, it changed, or the adapter does not remember):
   * the caller then reads and hashes it. Lets sealing skip a second read of
   * every recording.
   */
  storedHash?(sessionId: string, name: string): Promise<PutResult | undefined>;
  appendTarget(sessionId: string, name: string): AppendTarget;
  /** The object's bytes (a range of them), or undefined when it does not exist. */
  read(sessionId: string, name: string, range?: ByteRange): Promise<Readable | undefined>;
  readAll(sessionId: string, name: string): Promise<Uint8Array | undefined>;
  seal(sessionId: string): Promise<void>;
  isSealed(sessionId: string): Promise<boolean>;
  /** The store-wide access log of the auditor API. */
  accessLogTarget(): RotatingAppendTarget;
}
