import { checkChain, checkChainEnd, eventLogGenesis, type ParsedEntry } from './chain.ts';
import { fromBase64Url, fromUtf8 } from './encoding.ts';
import type { EventType } from './events/table.ts';
import {
  EVENTS_FILE,
  MANIFEST_FILE,
  PACKAGE_CONTROL_FILES,
  SIGNATURE_FILE,
  type EventEntry,
  type Manifest,
  type ManifestFile,
} from './format.ts';
import { indexKeys, verifyEd25519, type Ed25519PublicJwk } from './keys.ts';
import { checkEventShape, manifestSigningBytes, parseManifest, parseSignatureEnvelope } from './manifest.ts';
import { problem, type Problem } from './problems.ts';
import type { EvidenceReader, PackageFileInfo } from './reader.ts';
import { sha256Hex, sha256OfStream } from './sha256.ts';

export interface VerifyOptions {
  /** Keys trusted to sign manifests (the server's current and retired keys). */
  readonly publicKeys: readonly Ed25519PublicJwk[];
  /** Overrides the reader's expected session id. */
  readonly expectedSessionId?: string;
}

export type SignatureStatus = 'valid' | 'invalid' | 'unknown-key' | 'missing' | 'not-checked';
export type FileStatus = 'ok' | 'missing' | 'size-mismatch' | 'hash-mismatch' | 'unlisted' | 'not-checked';

export interface VerificationReport {
  /** True when no problem of severity `error` was found. */
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly sessionId: string | undefined;
  readonly manifest: Manifest | undefined;
  readonly signature: SignatureStatus;
  readonly keyId: string | undefined;
  readonly files: readonly { readonly name: string; readonly status: FileStatus }[];
  /** The event log entries in seq order (those that parsed), for display beside the verdict. */
  readonly events: readonly EventEntry[];
}

/**
 * Verifies an evidence package: the manifest's signature, that the manifest
 * belongs to the expected session, every listed file's size and SHA-256, and
 * the event log's hash chain up to the signed head. Never throws for a bad
 * package (every fault is a {@link Problem}); throws only when the reader
 * itself fails (I/O, network).
 */
export async function verifyEvidence(reader: EvidenceReader, options: VerifyOptions): Promise<VerificationReport> {
  const problems: Problem[] = [];
  const expectedSessionId = options.expectedSessionId ?? reader.expectedSessionId;
  const listing = await reader.list();

  const manifestRead = await readJson(reader, MANIFEST_FILE, problems);
  const parsed = manifestRead === undefined ? undefined : parseManifest(manifestRead.value);
  if (parsed && !parsed.ok) problems.push(problem('MALFORMED', parsed.error, { file: MANIFEST_FILE }));
  const manifest = parsed?.ok ? parsed.value : undefined;

  const { status: signature, keyId } =
    manifestRead === undefined
      ? { status: 'not-checked' as const, keyId: undefined }
      : await checkSignature(reader, manifestRead.value, manifest, options.publicKeys, problems);

  let sessionMismatch = false;
  if (manifest && expectedSessionId !== undefined && manifest.sessionId !== expectedSessionId) {
    sessionMismatch = true;
    problems.push(
      problem(
        'MANIFEST_SESSION_MISMATCH',
        `the manifest is for session ${manifest.sessionId}, the package is session ${expectedSessionId}`,
        { file: MANIFEST_FILE },
      ),
    );
  }
  // A manifest of another session says nothing about this package's files:
  // compare nothing against it (the one root cause is reported above).
  let trusted = sessionMismatch ? undefined : manifest;
  const sessionId = sessionMismatch ? expectedSessionId : (manifest?.sessionId ?? expectedSessionId);

  const { events, foreign } = await checkEvents(reader, sessionId, trusted, problems);
  // The log starts from another session's genesis: the manifest and the log
  // are of different sessions; file comparisons would only repeat that.
  if (foreign) trusted = undefined;
  const files = await checkFiles(reader, listing, trusted, problems);
  if (trusted) checkArrivals(events, trusted, problems);

  const ok = !problems.some((p) => p.severity === 'error');
  return { ok, problems, sessionId, manifest, signature, keyId, files, events };
}

async function readJson(
  reader: EvidenceReader,
  name: string,
  problems: Problem[],
): Promise<{ value: unknown } | undefined> {
  const bytes = await reader.read(name);
  if (bytes === undefined) {
    problems.push(problem('FILE_MISSING', `${name} is missing`, { file: name }));
    return undefined;
  }
  try {
    return { value: JSON.parse(fromUtf8(bytes)) as unknown };
  } catch {
    problems.push(problem('MALFORMED', 'not valid UTF-8 JSON', { file: name }));
    return undefined;
  }
}

async function checkSignature(
  reader: EvidenceReader,
  manifestValue: unknown,
  manifest: Manifest | undefined,
  publicKeys: readonly Ed25519PublicJwk[],
  problems: Problem[],
): Promise<{ status: SignatureStatus; keyId: string | undefined }> {
  const read = await readJson(reader, SIGNATURE_FILE, problems);
  if (read === undefined) return { status: 'missing', keyId: undefined };
  const envelope = parseSignatureEnvelope(read.value);
  if (!envelope.ok) {
    problems.push(problem('MALFORMED', envelope.error, { file: SIGNATURE_FILE }));
    return { status: 'invalid', keyId: undefined };
  }
  const { keyId } = envelope.value;
  const key = (await indexKeys(publicKeys)).get(keyId);
  if (key === undefined) {
    problems.push(
      problem('UNKNOWN_KEY', `signed by key ${keyId}, which is not among the ${publicKeys.length} trusted keys`, {
        file: SIGNATURE_FILE,
      }),
    );
    return { status: 'unknown-key', keyId };
  }
  let bytes: Uint8Array;
  try {
    bytes = manifestSigningBytes(manifestValue);
  } catch {
    problems.push(problem('MALFORMED', 'the manifest cannot be put in canonical JSON form', { file: MANIFEST_FILE }));
    return { status: 'invalid', keyId };
  }
  const signature = fromBase64Url(envelope.value.signature) ?? new Uint8Array();
  if (!(await verifyEd25519(key, bytes, signature))) {
    problems.push(
      problem('SIGNATURE_INVALID', `the signature by key ${keyId} does not match the manifest's content`, {
        file: SIGNATURE_FILE,
      }),
    );
    return { status: 'invalid', keyId };
  }
  if (manifest && manifest.keyId !== keyId) {
    problems.push(
      problem('SIGNATURE_INVALID', `the manifest names key ${manifest.keyId} but is signed by ${keyId}`, {
        file: SIGNATURE_FILE,
      }),
    );
    return { status: 'invalid', keyId };
  }
  return { status: 'valid', keyId };
}

async function checkEvents(
  reader: EvidenceReader,
  sessionId: string | undefined,
  manifest: Manifest | undefined,
  problems: Problem[],
): Promise<{ events: EventEntry[]; foreign: boolean }> {
  const bytes = await reader.read(EVENTS_FILE);
  if (bytes === undefined) {
    problems.push(problem('FILE_MISSING', `${EVENTS_FILE} is missing`, { file: EVENTS_FILE }));
    return { events: [], foreign: false };
  }
  const chain = await checkChain<EventEntry>(bytes, {
    file: EVENTS_FILE,
    genesis: sessionId === undefined ? undefined : await eventLogGenesis(sessionId),
    checkShape: checkEventShape,
    genesisMismatchMessage: `the event log does not belong to session ${sessionId}`,
  });
  problems.push(...chain.problems);
  const foreign = chain.problems.some((p) => p.code === 'MANIFEST_SESSION_MISMATCH');
  if (manifest && !foreign) {
    problems.push(...checkChainEnd(chain.entries, manifest.eventLog, EVENTS_FILE));
  }
  return { events: chain.entries.map((item: ParsedEntry<EventEntry>) => item.entry), foreign };
}

async function checkFiles(
  reader: EvidenceReader,
  listing: readonly PackageFileInfo[],
  manifest: Manifest | undefined,
  problems: Problem[],
): Promise<{ name: string; status: FileStatus }[]> {
  const present = new Map(listing.map((info) => [info.name, info]));
  const results: { name: string; status: FileStatus }[] = [];
  const listed = new Set<string>();
  for (const file of manifest?.files ?? []) {
    listed.add(file.name);
    results.push({ name: file.name, status: await checkFile(reader, file, present.get(file.name), problems) });
  }
  for (const info of listing) {
    if (PACKAGE_CONTROL_FILES.includes(info.name) || listed.has(info.name)) continue;
    if (manifest) {
      problems.push(
        problem('UNLISTED_FILE', `${info.name} is not in the manifest (added after signing?)`, { file: info.name }),
      );
      results.push({ name: info.name, status: 'unlisted' });
    } else {
      results.push({ name: info.name, status: 'not-checked' });
    }
  }
  return results;
}

async function checkFile(
  reader: EvidenceReader,
  file: ManifestFile,
  info: PackageFileInfo | undefined,
  problems: Problem[],
): Promise<FileStatus> {
  const where = { file: file.name };
  if (info === undefined) {
    problems.push(problem('FILE_MISSING', `${file.name} is listed in the manifest but missing`, where));
    return 'missing';
  }
  const sizeProblem = (size: number): Problem =>
    problem('FILE_SIZE_MISMATCH', `${file.name} has ${size} bytes, the manifest says ${file.size}`, where);
  if (info.size !== file.size) {
    problems.push(sizeProblem(info.size));
    return 'size-mismatch';
  }
  const actual = await hashFile(reader, file.name);
  if (actual === undefined) {
    problems.push(problem('FILE_MISSING', `${file.name} could not be read`, where));
    return 'missing';
  }
  if (actual.size !== file.size) {
    problems.push(sizeProblem(actual.size));
    return 'size-mismatch';
  }
  if (actual.sha256 !== file.sha256) {
    problems.push(
      problem(
        'MEDIA_HASH_MISMATCH',
        `${file.name} has SHA-256 ${actual.sha256}, the manifest says ${file.sha256}`,
        where,
      ),
    );
    return 'hash-mismatch';
  }
  return 'ok';
}

async function hashFile(reader: EvidenceReader, name: string): Promise<{ sha256: string; size: number } | undefined> {
  if (reader.sha256) return reader.sha256(name);
  if (reader.stream) return sha256OfStream(reader.stream(name));
  const bytes = await reader.read(name);
  return bytes === undefined ? undefined : { sha256: await sha256Hex(bytes), size: bytes.byteLength };
}

const FILE_ADDED: EventType = 'evidence.file.added';

/**
 * The log records each file's hash when it arrived (`evidence.file.added`);
 * the manifest records it at finalization. A difference means the file was
 * replaced or removed in between, even though the manifest itself is genuine.
 */
function checkArrivals(events: readonly EventEntry[], manifest: Manifest, problems: Problem[]): void {
  const listed = new Map(manifest.files.map((file) => [file.name, file]));
  for (const entry of events) {
    // Read leniently (not with the type's schema): a malformed arrival must still be compared and reported.
    if (entry.type !== FILE_ADDED) continue;
    const { name, sha256 } = entry.data;
    if (typeof name !== 'string' || typeof sha256 !== 'string') continue;
    const file = listed.get(name);
    if (file === undefined) {
      problems.push(
        problem('FILE_MISSING', `${name} arrived (seq ${entry.seq}) but is not in the manifest`, {
          file: name,
          seq: entry.seq,
        }),
      );
    } else if (file.sha256 !== sha256) {
      problems.push(
        problem(
          'MEDIA_HASH_MISMATCH',
          `${name} changed between its arrival (seq ${entry.seq}, SHA-256 ${sha256}) and finalization`,
          { file: name, seq: entry.seq },
        ),
      );
    }
  }
}
