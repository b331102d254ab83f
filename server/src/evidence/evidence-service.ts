import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  canonicalJson,
  EVENTS_FILE,
  fromUtf8,
  isValidFileName,
  isValidSessionId,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  manifestSigningBytes,
  mediaTypeFor,
  PACKAGE_CONTROL_FILES,
  parseManifest,
  parseSignatureEnvelope,
  SIGNATURE_ALGORITHM,
  SIGNATURE_FILE,
  SIGNATURE_FORMAT,
  utf8,
  type ArtifactKind,
  type EventEntry,
  type EventType,
  type AnyEvidenceEvent,
  type EvidenceEvent,
  fromBase64Url,
  verifyEd25519,
  type Manifest,
  type ManifestFile,
  type PackageStatus,
  type SessionSummary,
  type SignatureEnvelope,
} from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import { AccessLog, type AccessLogOptions } from './access-log.ts';
import { isErrno } from './errno.ts';
import type { Logger } from '../log.ts';
import { EvidenceLog, type EventBody } from './event-log.ts';
import { eventProblem, InvalidEvidenceEventError } from './invalid-event.ts';
import type { SigningKeyRing } from './signing-keys.ts';
import type { EvidenceIndex } from './evidence-index.ts';
import type { EvidenceStore, ObjectSource } from './store.ts';

/** How a file added to a package is described in its `evidence.file.added` event. */
export interface FileOptions {
  /** Defaults to the media type of the name's extension. */
  readonly mediaType?: string;
  readonly kind?: ArtifactKind;
}

/** One file of {@link EvidenceService.addFiles}. */
export interface FileToAdd extends FileOptions {
  readonly name: string;
  readonly source: ObjectSource;
}

export interface FinalizeOptions {
  /** False when the session ended abnormally; `reason` then says why. */
  readonly complete: boolean;
  readonly reason?: string;
}

export interface FinalizedPackage {
  readonly manifest: Manifest;
  readonly signature: SignatureEnvelope;
}

export interface EvidenceServiceOptions {
  readonly store: EvidenceStore;
  readonly keys: SigningKeyRing;
  /** Local directory where recorders write files before they join the package. */
  readonly stagingDir: string;
  /** Access log rotation size and where a failed rotation is reported. */
  readonly accessLog?: Pick<AccessLogOptions, 'maxFileBytes' | 'onRotateError'>;
  readonly now?: () => number;
  /** Where refused events (a bug in their writer) are reported. */
  readonly log?: Logger;
  /**
   * The chained logs underneath (default: one on `store`). Tests that need a
   * package with entries this server would not write (another version's
   * types) pass their own and append to it directly.
   */
  readonly eventLog?: EvidenceLog;
  /**
   * Where each package's summary is kept for the auditor list (the store's
   * `evidence_packages`): written when the log opens and when it is sealed.
   */
  readonly index?: Pick<EvidenceIndex, 'put' | 'markSealed'>;
}

/** Sees each entry appended to a session's log (after it is durable). */
export type EntryListener = (sessionId: string, entry: EventEntry) => void;

/**
 * The evidence of every session: the event log, media files, and the signed
 * manifest that closes a package. The recorder, the room and the liveness
 * checker write through this; the auditor API reads through it.
 */
export class EvidenceService {
  readonly store: EvidenceStore;
  readonly keys: SigningKeyRing;
  readonly accessLog: AccessLog;
  readonly #log: EvidenceLog;
  readonly #stagingDir: string;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #inflightPuts = new Map<string, Set<Promise<unknown>>>();
  readonly #finalizing = new Set<string>();
  readonly #indexSink: Pick<EvidenceIndex, 'put' | 'markSealed'> | undefined;
  readonly #entryListeners = new Set<EntryListener>();
  /** Appends not yet durable, so that shutdown can wait for them (see `settled`). */
  readonly #appending = new Set<Promise<unknown>>();

  constructor(options: EvidenceServiceOptions) {
    this.store = options.store;
    this.keys = options.keys;
    this.#now = options.now ?? Date.now;
    this.#logger = options.log;
    this.#log = options.eventLog ?? new EvidenceLog(options.store, this.#now);
    this.#indexSink = options.index;
    this.#stagingDir = resolve(options.stagingDir);
    this.accessLog = new AccessLog(options.store.accessLogTarget(), { now: this.#now, ...options.accessLog });
  }

  /**
   * Opens a session's log with a `session.opened` entry (what the auditor
   * list filters on) and indexes the package as open.
   */
  async openSession(sessionId: string, info: { agentId?: string; reference?: string } = {}): Promise<EventEntry> {
    const entry = await this.append(sessionId, { type: 'session.opened', data: { sessionId, ...info } });
    await this.#index({
      sessionId,
      createdAt: entry.time,
      finalizedAt: null,
      status: 'open',
      incompleteReason: null,
      agentId: info.agentId ?? null,
      reference: info.reference ?? null,
    });
    return entry;
  }

  /** The sealed package's verdict into the index (its row exists since the log opened; else it is added). */
  async #indexSealed(sessionId: string, manifest: Manifest): Promise<void> {
    const sink = this.#indexSink;
    if (sink === undefined) return;
    const status = packageStatus(manifest);
    try {
      const updated = await sink.markSealed(sessionId, {
        status,
        incompleteReason: manifest.incompleteReason,
        finalizedAt: manifest.finalizedAt,
      });
      if (updated) return;
    } catch (error: unknown) {
      this.#logger?.error('sealed package not indexed; rebuilt at the next start', { sessionId, error });
      return;
    }
    const summary = await this.summarize(sessionId);
    if (summary !== undefined) await this.#index(summary);
  }

  /**
   * Writes a package's summary to the index. A failure is logged, not
   * thrown: the entry or the seal it follows is durable, and the index is
   * rebuilt from the packages (index-reconcile.ts at start-up, and a get of
   * a package the index lacks).
   */
  async #index(summary: SessionSummary): Promise<void> {
    if (this.#indexSink === undefined) return;
    try {
      await this.#indexSink.put(summary);
    } catch (error: unknown) {
      this.#logger?.error('evidence package not indexed; rebuilt at the next start', {
        sessionId: summary.sessionId,
        error,
      });
    }
  }

  /** Forgets the head of a session's log that another node goes on writing (see EvidenceLog.forget). */
  forget(sessionId: string): Promise<void> {
    return this.#log.forget(sessionId);
  }

  /**
   * Appends a business event to the session's hash-chained log; resolves once
   * it is durable. Its data must match the type's schema in `EVENTS`
   * (@aircounter/evidence): otherwise nothing is written, the refusal is
   * logged and the call rejects with {@link InvalidEvidenceEventError}.
   */
  async append<K extends EventType>(sessionId: string, event: EvidenceEvent<K>): Promise<EventEntry> {
    const appending = this.#log.append(sessionId, event, (body) => this.#check(body));
    this.#appending.add(appending);
    try {
      const entry = await appending;
      this.#announce(sessionId, entry);
      return entry;
    } finally {
      this.#appending.delete(appending);
    }
  }

  /** Appends events in order with one durable write (see {@link append}); none is written when one is refused. */
  async #appendAll(sessionId: string, events: readonly AnyEvidenceEvent[]): Promise<EventEntry[]> {
    if (events.length === 0) return [];
    const appending = this.#log.appendAll(sessionId, events, (body) => this.#check(body));
    this.#appending.add(appending);
    try {
      const entries = await appending;
      for (const entry of entries) this.#announce(sessionId, entry);
      return entries;
    } finally {
      this.#appending.delete(appending);
    }
  }

  /**
   * Resolves once every append started so far (and any started meanwhile) is
   * durable or failed. Shutdown waits for it: the last `peer.left` and
   * `room.closed` entries of the rooms it closed must not be lost with the
   * process.
   */
  async settled(): Promise<void> {
    while (this.#appending.size > 0) await Promise.allSettled([...this.#appending]);
  }

  /**
   * Calls `listener` with every entry once it is durable, in each session's
   * order (the closing `evidence.finalized` included). Used by the webhook
   * outbox. A listener must not throw; returns an unsubscribe function.
   */
  onEntry(listener: EntryListener): () => void {
    this.#entryListeners.add(listener);
    return () => this.#entryListeners.delete(listener);
  }

  #announce(sessionId: string, entry: EventEntry): void {
    for (const listener of this.#entryListeners) {
      try {
        listener(sessionId, entry);
      } catch (error) {
        this.#logger?.error('evidence entry listener failed', { sessionId, type: entry.type, error });
      }
    }
  }

  /** Media time 0 of the session (wall-clock ms when recording started); later events get `mediaTimeMs`. */
  setMediaOrigin(sessionId: string, epochMs: number): void {
    this.#log.setMediaOrigin(sessionId, epochMs);
  }

  /**
   * A path where a recorder may write a file (e.g. ffmpeg's output) before
   * handing it over with {@link addFile} `{ path, move: true }`. It is on the
   * evidence volume, so the hand-over is a rename, not a copy.
   */
  async stagingPath(sessionId: string, name: string): Promise<string> {
    const dir = this.#stagingSessionDir(sessionId);
    if (!isValidFileName(name)) throw new AirError('INVALID_PARAMS', 'invalid evidence file name');
    await mkdir(dir, { recursive: true, mode: 0o750 });
    return join(dir, name);
  }

  /** Files still in the staging area of a session (left there by a crash, for recovery). */
  async listStaged(sessionId: string): Promise<string[]> {
    try {
      return (await readdir(this.#stagingSessionDir(sessionId))).filter(isValidFileName).sort();
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
  }

  /**
   * Adds a file to the package, write-once, and logs `evidence.file.added`
   * with its size and SHA-256 (so the log commits to the file at the time it
   * arrived, before the manifest does).
   */
  async addFile(
    sessionId: string,
    name: string,
    source: ObjectSource,
    options: FileOptions = {},
  ): Promise<ManifestFile> {
    const [file] = await this.addFiles(sessionId, [{ name, source, ...options }]);
    if (file === undefined) throw new Error('addFiles returned no file for one file');
    return file;
  }

  /**
   * Adds several files at once, each as {@link addFile} does: they are stored
   * (moved or copied, hashed, synced) together — a recording hands over its
   * files in one go — and their `evidence.file.added` events follow in the
   * order given, whatever order the storing finished in. When one cannot be
   * stored, the others are still logged, then its error is thrown.
   */
  async addFiles(sessionId: string, files: readonly FileToAdd[]): Promise<ManifestFile[]> {
    for (const { name } of files) {
      if (PACKAGE_CONTROL_FILES.includes(name)) throw new AirError('INVALID_PARAMS', `${name} is a reserved name`);
    }
    if (this.#finalizing.has(sessionId)) {
      throw new AirError('STORAGE_WRITE_ONCE', `session ${sessionId} is being finalized`);
    }
    const work = (async () => {
      const stored = await Promise.allSettled(files.map(({ name, source }) => this.store.put(sessionId, name, source)));
      const added: ManifestFile[] = [];
      const events: EvidenceEvent<'evidence.file.added'>[] = [];
      for (const [index, { name, mediaType, kind }] of files.entries()) {
        const result = stored[index];
        if (result?.status !== 'fulfilled') continue;
        const file: ManifestFile = {
          name,
          size: result.value.size,
          sha256: result.value.sha256,
          mediaType: mediaType ?? mediaTypeFor(name),
        };
        events.push({ type: 'evidence.file.added', data: { ...file, ...(kind === undefined ? {} : { kind }) } });
        added.push(file);
      }
      // One durable write for the whole hand-over, not a sync per file: a burst of stopped recordings shares one disk.
      await this.#appendAll(sessionId, events);
      const failed = stored.find((result) => result.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      return added;
    })();
    const inflight = this.#inflightPuts.get(sessionId) ?? new Set();
    this.#inflightPuts.set(sessionId, inflight);
    inflight.add(work);
    try {
      return await work;
    } finally {
      inflight.delete(work);
      if (inflight.size === 0) this.#inflightPuts.delete(sessionId);
    }
  }

  /**
   * Closes a package: logs `evidence.finalized`, writes manifest.json (every
   * file's size and SHA-256, the log's entry count and head hash), signs it
   * into manifest.sig and seals the session read-only. Idempotent and
   * resumable: after a crash at any step, calling it again completes the same
   * package (an existing manifest is signed as it is, never rewritten).
   */
  async finalizeSession(sessionId: string, options: FinalizeOptions): Promise<FinalizedPackage> {
    if (!isValidSessionId(sessionId)) throw new AirError('INVALID_PARAMS', 'invalid session id');
    this.#finalizing.add(sessionId);
    try {
      await Promise.allSettled(this.#inflightPuts.get(sessionId) ?? []);
      const result = await this.#log.withLock(sessionId, async (log) => {
        if (await this.store.isSealed(sessionId)) return this.#readFinalized(sessionId);
        const existing = await this.store.readAll(sessionId, MANIFEST_FILE);
        if (existing !== undefined) return this.#completeExisting(sessionId, existing);
        if (log.state.entries === 0) throw new AirError('EVIDENCE_NOT_FOUND', `no evidence for session ${sessionId}`);
        let closing = log.state.last;
        if (closing?.type !== 'evidence.finalized') {
          const data = { complete: options.complete, reason: options.complete ? null : (options.reason ?? 'unknown') };
          const event: EvidenceEvent<'evidence.finalized'> = { type: 'evidence.finalized', data };
          const body = this.#log.body(sessionId, event);
          this.#check(body);
          closing = await log.append(body);
          this.#announce(sessionId, closing);
        }
        const manifest = await this.#buildManifest(sessionId, closing, log.state.entries);
        await this.store.put(sessionId, MANIFEST_FILE, { bytes: manifestSigningBytes(manifest) });
        const signature = await this.#sign(sessionId, manifest);
        await this.store.seal(sessionId);
        return { manifest, signature };
      });
      this.#log.release(sessionId);
      await this.#indexSealed(sessionId, result.manifest);
      return result;
    } finally {
      this.#finalizing.delete(sessionId);
    }
  }

  /** Sessions with a log but no sealed package: the server stopped before finalizing them. */
  async findUnfinalized(): Promise<string[]> {
    const out: string[] = [];
    for (const sessionId of await this.store.listSessions()) {
      if (await this.store.isSealed(sessionId)) continue;
      if (await this.store.stat(sessionId, EVENTS_FILE)) out.push(sessionId);
    }
    return out;
  }

  isFinalized(sessionId: string): Promise<boolean> {
    return this.store.isSealed(sessionId);
  }

  /** Manifest and signature of a finalized session; undefined while it is open. */
  async readFinalized(sessionId: string): Promise<FinalizedPackage | undefined> {
    if (!(await this.store.isSealed(sessionId))) return undefined;
    return this.#readFinalized(sessionId);
  }

  /** The session's log entries as stored (not verified: auditors verify with the raw file). */
  async readEvents(sessionId: string): Promise<EventEntry[] | undefined> {
    const bytes = await this.store.readAll(sessionId, EVENTS_FILE);
    if (bytes === undefined) return undefined;
    return parseLogLines(bytes);
  }

  /**
   * The package's summary as the auditor API shows it, read from the package
   * itself (its log and signed manifest); undefined when it has no log.
   */
  async summarize(sessionId: string): Promise<SessionSummary | undefined> {
    const events = await this.readEvents(sessionId);
    if (events === undefined) return undefined;
    const opened = events.find((entry) => entry.type === 'session.opened');
    const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
    const verdict = await this.#manifestVerdict(sessionId);
    return {
      sessionId,
      createdAt: events[0]?.time ?? null,
      finalizedAt: verdict.finalizedAt,
      status: verdict.status,
      incompleteReason: verdict.incompleteReason,
      agentId: text(opened?.data['agentId']),
      reference: text(opened?.data['reference']),
    };
  }

  async #buildManifest(sessionId: string, closing: EventEntry, entries: number): Promise<Manifest> {
    const events = (await this.readEvents(sessionId)) ?? [];
    const addedTypes = new Map<string, string>();
    for (const entry of events) {
      if (entry.type === 'evidence.file.added' && typeof entry.data['name'] === 'string') {
        addedTypes.set(entry.data['name'], String(entry.data['mediaType']));
      }
    }
    const files: ManifestFile[] = [];
    for (const object of await this.store.list(sessionId)) {
      if (PACKAGE_CONTROL_FILES.includes(object.name)) continue;
      const { sha256, size } = await this.#hashObject(sessionId, object.name);
      files.push({
        name: object.name,
        size,
        sha256,
        mediaType: addedTypes.get(object.name) ?? mediaTypeFor(object.name),
      });
    }
    const reason = closing.data['reason'];
    return {
      format: MANIFEST_FORMAT,
      sessionId,
      createdAt: events[0]?.time ?? closing.time,
      finalizedAt: new Date(this.#now()).toISOString(),
      complete: closing.data['complete'] === true,
      incompleteReason: closing.data['complete'] === true ? null : typeof reason === 'string' ? reason : 'unknown',
      files,
      eventLog: { name: EVENTS_FILE, entries, headHash: closing.hash },
      keyId: this.keys.keyId,
      algorithm: SIGNATURE_ALGORITHM,
    };
  }

  async #hashObject(sessionId: string, name: string): Promise<{ sha256: string; size: number }> {
    // Hashed as it was stored and provably unchanged since: reading a recording again would double sealing's work.
    const stored = await this.store.storedHash?.(sessionId, name);
    if (stored !== undefined) return { sha256: stored.sha256, size: stored.size };
    const stream = await this.store.read(sessionId, name);
    if (stream === undefined) throw new AirError('EVIDENCE_NOT_FOUND', `${name} vanished while finalizing`);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.byteLength;
    }
    return { sha256: hash.digest('hex'), size };
  }

  async #sign(sessionId: string, manifest: Manifest): Promise<SignatureEnvelope> {
    const { keyId, signature } = this.keys.sign(manifestSigningBytes(manifest));
    const envelope: SignatureEnvelope = {
      format: SIGNATURE_FORMAT,
      algorithm: SIGNATURE_ALGORITHM,
      keyId,
      signature,
    };
    await this.store.put(sessionId, SIGNATURE_FILE, { bytes: utf8(canonicalJson(envelope)) });
    return envelope;
  }

  /** A crash left a manifest without signature or seal: finish that manifest, never a new one. */
  async #completeExisting(sessionId: string, bytes: Uint8Array): Promise<FinalizedPackage> {
    const manifest = parseStoredManifest(bytes, sessionId);
    const storedSignature = await this.store.readAll(sessionId, SIGNATURE_FILE);
    const signature =
      storedSignature === undefined ? await this.#sign(sessionId, manifest) : parseStoredSignature(storedSignature);
    await this.store.seal(sessionId);
    return { manifest, signature };
  }

  /**
   * What the package's signed manifest says, read from the manifest alone and
   * never from how the store protects the files: `open` while there is no
   * manifest and signature yet; a manifest that does not parse or whose
   * signature is not by one of this server's keys (current or retired) is
   * reported as `incomplete`, with that as the reason, never hidden.
   */
  async #manifestVerdict(
    sessionId: string,
  ): Promise<{ status: PackageStatus; incompleteReason: string | null; finalizedAt: string | null }> {
    const manifestBytes = await this.store.readAll(sessionId, MANIFEST_FILE);
    const signatureBytes = await this.store.readAll(sessionId, SIGNATURE_FILE);
    if (manifestBytes === undefined || signatureBytes === undefined) {
      return { status: 'open', incompleteReason: null, finalizedAt: null };
    }
    const manifest = safeParse(() => parseStoredManifest(manifestBytes, sessionId));
    const envelope = safeParse(() => parseStoredSignature(signatureBytes));
    if (manifest === undefined || envelope === undefined) {
      return { status: 'incomplete', incompleteReason: 'manifest-unreadable', finalizedAt: null };
    }
    const key = this.keys.jwks().keys.find((candidate) => candidate.kid === envelope.keyId);
    const signature = fromBase64Url(envelope.signature);
    const valid = key !== undefined && signature !== undefined && (await verifyEd25519(key, manifestBytes, signature));
    if (!valid) {
      return {
        status: 'incomplete',
        incompleteReason: 'manifest-signature-invalid',
        finalizedAt: manifest.finalizedAt,
      };
    }
    return {
      status: packageStatus(manifest),
      incompleteReason: manifest.incompleteReason,
      finalizedAt: manifest.finalizedAt,
    };
  }

  async #readFinalized(sessionId: string): Promise<FinalizedPackage> {
    const manifest = await this.store.readAll(sessionId, MANIFEST_FILE);
    const signature = await this.store.readAll(sessionId, SIGNATURE_FILE);
    if (manifest === undefined || signature === undefined) {
      throw new AirError('INTERNAL', `sealed session ${sessionId} lacks its manifest or signature`);
    }
    return { manifest: parseStoredManifest(manifest, sessionId), signature: parseStoredSignature(signature) };
  }

  /** Refuses an entry whose type is not in `EVENTS` or whose data does not match its schema. */
  #check(body: EventBody): void {
    const problem = eventProblem(body);
    if (problem === undefined) return;
    this.#logger?.error('evidence event refused: a bug in its writer', { type: body.type, problem });
    throw new InvalidEvidenceEventError(body.type, problem);
  }

  #stagingSessionDir(sessionId: string): string {
    if (!isValidSessionId(sessionId)) throw new AirError('INVALID_PARAMS', 'invalid session id');
    return join(this.#stagingDir, sessionId);
  }
}

/** A sealed package's status from its signed manifest (see PACKAGE_STATUSES): nothing but the manifest decides. */
export function packageStatus(manifest: Manifest): Exclude<PackageStatus, 'open'> {
  const media = manifest.files.some((file) => /^(audio|video)\//.test(file.mediaType ?? ''));
  if (!media) return 'not-recorded';
  return manifest.complete ? 'complete' : 'incomplete';
}

function safeParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

function parseStoredManifest(bytes: Uint8Array, sessionId: string): Manifest {
  const parsed = parseManifest(JSON.parse(fromUtf8(bytes)));
  if (!parsed.ok) throw new AirError('INTERNAL', `stored manifest of ${sessionId} is invalid: ${parsed.error}`);
  return parsed.value;
}

function parseStoredSignature(bytes: Uint8Array): SignatureEnvelope {
  const parsed = parseSignatureEnvelope(JSON.parse(fromUtf8(bytes)));
  if (!parsed.ok) throw new AirError('INTERNAL', `stored signature is invalid: ${parsed.error}`);
  return parsed.value;
}

function parseLogLines(bytes: Uint8Array): EventEntry[] {
  const text = fromUtf8(bytes);
  const out: EventEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as EventEntry);
    } catch {
      // A torn last line (crash mid-append) is not an entry; the writer cuts it on next use.
      continue;
    }
  }
  return out;
}
