import { artifactFileName } from './artifacts.ts';
import { checkSignedDecision } from './authorization-decision.ts';
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
import { checkEventShape, parseManifest, parseSignatureEnvelope } from './manifest.ts';
import { canonicalJson } from './canonical-json.ts';
import { problem, type Problem } from './problems.ts';
import type { EvidenceReader, PackageFileInfo } from './reader.ts';
import { sha256Hex, sha256OfStream } from './sha256.ts';
import { verdictOf, type Verdict } from './verdicts.ts';

export interface VerifyOptions {
  /**
   * Keys this deployment pins (configured out of band: the server's current
   * and retired keys as published at installation, a key file, …). Only a
   * signature by one of these makes a package `VERIFIED`.
   */
  readonly publicKeys: readonly Ed25519PublicJwk[];
  /**
   * Keys a server publishes right now (`fetchSigningKeys`). Whoever controls
   * that server controls this list, so a signature by one of them that is
   * not pinned gives `UNTRUSTED_KEY` — unless `trustServerPublishedKeys`.
   */
  readonly serverPublishedKeys?: readonly Ed25519PublicJwk[];
  /** Explicit opt-in: trust `serverPublishedKeys` as if pinned (the report says so in `keyTrust`). */
  readonly trustServerPublishedKeys?: boolean;
  /** Overrides the reader's expected session id. */
  readonly expectedSessionId?: string;
}

export type SignatureStatus = 'valid' | 'invalid' | 'unknown-key' | 'missing' | 'not-checked';
export type FileStatus = 'ok' | 'missing' | 'size-mismatch' | 'hash-mismatch' | 'unlisted' | 'not-checked';
/** Where the key that signed the manifest came from: pinned, trusted on the server's word, or neither. */
export type KeyTrust = 'pinned' | 'server-published' | 'untrusted' | 'none';

export interface VerificationReport {
  /** The package's verdict (gravest problem); see `VERDICTS`. */
  readonly verdict: Verdict;
  /** True only when the verdict is `VERIFIED`: whole, exact, complete, trusted. */
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  readonly keyTrust: KeyTrust;
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

  const manifestRead = await readStoredJson(reader, MANIFEST_FILE, problems);
  if (manifestRead?.canonical === false) {
    problems.push(
      problem(
        'MANIFEST_NOT_CANONICAL',
        'manifest.json is not the canonical JSON that was signed (reordered or duplicate members, whitespace or trailing data)',
        { file: MANIFEST_FILE },
      ),
    );
  }
  const parsed = manifestRead === undefined ? undefined : parseManifest(manifestRead.value);
  if (parsed && !parsed.ok) problems.push(problem('MALFORMED', parsed.error, { file: MANIFEST_FILE }));
  const manifest = parsed?.ok ? parsed.value : undefined;

  const {
    status: signature,
    keyId,
    keyTrust,
  } = manifestRead === undefined
    ? { status: 'not-checked' as const, keyId: undefined, keyTrust: 'none' as const }
    : await checkSignature(reader, manifestRead.bytes, manifest, options, problems);

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
  await checkDecisions(reader, events, sessionId, options, problems);
  // Said last, and only of an otherwise sound package: the signed truth that the recording is not whole.
  if (manifest && !sessionMismatch && !manifest.complete) {
    problems.push(
      problem('PACKAGE_INCOMPLETE', `the recording is incomplete: ${manifest.incompleteReason ?? 'no reason given'}`, {
        file: MANIFEST_FILE,
      }),
    );
  }

  const verdict = verdictOf(problems);
  return {
    verdict,
    ok: verdict === 'VERIFIED',
    problems,
    keyTrust,
    sessionId,
    manifest,
    signature,
    keyId,
    files,
    events,
  };
}

/**
 * Reads a JSON control file as stored. `canonical` says whether the bytes are
 * exactly the canonical JSON of what they parse to: duplicate members (which
 * JSON.parse silently resolves), reordering, whitespace and trailing data all
 * make it false. A missing manifest or signature means the package was never
 * sealed.
 */
async function readStoredJson(
  reader: EvidenceReader,
  name: string,
  problems: Problem[],
): Promise<{ bytes: Uint8Array; value: unknown; canonical: boolean } | undefined> {
  const bytes = await reader.read(name);
  if (bytes === undefined) {
    problems.push(problem('PACKAGE_UNSEALED', `${name} is missing: the package was never sealed`, { file: name }));
    return undefined;
  }
  let text: string;
  let value: unknown;
  try {
    text = fromUtf8(bytes);
    value = JSON.parse(text) as unknown;
  } catch {
    problems.push(problem('MALFORMED', 'not valid UTF-8 JSON', { file: name }));
    return undefined;
  }
  let canonical: boolean;
  try {
    canonical = canonicalJson(value) === text;
  } catch {
    canonical = false;
  }
  return { bytes, value, canonical };
}

async function checkSignature(
  reader: EvidenceReader,
  manifestBytes: Uint8Array,
  manifest: Manifest | undefined,
  options: VerifyOptions,
  problems: Problem[],
): Promise<{ status: SignatureStatus; keyId: string | undefined; keyTrust: KeyTrust }> {
  const read = await readStoredJson(reader, SIGNATURE_FILE, problems);
  if (read === undefined) return { status: 'missing', keyId: undefined, keyTrust: 'none' };
  if (!read.canonical) {
    problems.push(problem('MALFORMED', 'manifest.sig is not in canonical JSON form', { file: SIGNATURE_FILE }));
  }
  const envelope = parseSignatureEnvelope(read.value);
  if (!envelope.ok) {
    problems.push(problem('MALFORMED', envelope.error, { file: SIGNATURE_FILE }));
    return { status: 'invalid', keyId: undefined, keyTrust: 'none' };
  }
  const { keyId } = envelope.value;
  const pinned = (await indexKeys(options.publicKeys)).get(keyId);
  const published = pinned ? undefined : (await indexKeys(options.serverPublishedKeys ?? [])).get(keyId);
  const key = pinned ?? published;
  if (key === undefined) {
    problems.push(
      problem(
        'UNKNOWN_KEY',
        `signed by key ${keyId}, which is not among the ${options.publicKeys.length} pinned keys`,
        {
          file: SIGNATURE_FILE,
        },
      ),
    );
    return { status: 'unknown-key', keyId, keyTrust: 'untrusted' };
  }
  const keyTrust: KeyTrust = pinned
    ? 'pinned'
    : options.trustServerPublishedKeys === true
      ? 'server-published'
      : 'untrusted';
  // The signature covers the stored bytes themselves, never a re-serialization of what they parse to.
  const signature = fromBase64Url(envelope.value.signature) ?? new Uint8Array();
  if (!(await verifyEd25519(key, manifestBytes, signature))) {
    problems.push(
      problem('SIGNATURE_INVALID', `the signature by key ${keyId} does not match manifest.json's bytes`, {
        file: SIGNATURE_FILE,
      }),
    );
    return { status: 'invalid', keyId, keyTrust };
  }
  if (manifest && manifest.keyId !== keyId) {
    problems.push(
      problem('SIGNATURE_INVALID', `the manifest names key ${manifest.keyId} but is signed by ${keyId}`, {
        file: SIGNATURE_FILE,
      }),
    );
    return { status: 'invalid', keyId, keyTrust };
  }
  if (keyTrust === 'untrusted') {
    problems.push(
      problem(
        'UNKNOWN_KEY',
        `signed by key ${keyId}, which the server publishes but this verifier does not pin (trusting it needs an explicit opt-in)`,
        { file: SIGNATURE_FILE },
      ),
    );
  }
  return { status: 'valid', keyId, keyTrust };
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

/**
 * Every `authorization.decided` entry names a signed decision: it must be in
 * the package, verify with a pinned key, and say what the entry says (same
 * session, request, authorizer and decision).
 */
async function checkDecisions(
  reader: EvidenceReader,
  events: readonly EventEntry[],
  sessionId: string | undefined,
  options: VerifyOptions,
  problems: Problem[],
): Promise<void> {
  for (const entry of events) {
    if (entry.type !== 'authorization.decided') continue;
    const { decisionSha256, requestId, authorizerId, decision } = entry.data;
    if (typeof decisionSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(decisionSha256)) {
      problems.push(problem('DECISION_INVALID', 'the entry names no decision artifact', { seq: entry.seq }));
      continue;
    }
    const file = artifactFileName('authorization-decision', decisionSha256, 'application/json');
    const bytes = await reader.read(file);
    if (bytes === undefined) {
      problems.push(problem('DECISION_INVALID', 'the signed decision is not in the package', { file, seq: entry.seq }));
      continue;
    }
    if ((await sha256Hex(bytes)) !== decisionSha256) {
      problems.push(problem('DECISION_INVALID', 'the decision file does not match its hash', { file, seq: entry.seq }));
      continue;
    }
    const checked = await checkSignedDecision(bytes, options.publicKeys);
    if (!checked.ok) {
      const code = checked.reason === 'unknown-key' ? 'UNKNOWN_KEY' : 'DECISION_INVALID';
      problems.push(problem(code, `authorization decision: ${checked.message}`, { file, seq: entry.seq }));
      continue;
    }
    const signed = checked.signed.decision;
    if (
      signed.requestId !== requestId ||
      signed.authorizer.id !== authorizerId ||
      signed.decision !== decision ||
      (sessionId !== undefined && signed.sessionId !== sessionId)
    ) {
      problems.push(
        problem('DECISION_INVALID', 'the signed decision says something else than its event', { file, seq: entry.seq }),
      );
    }
  }
}
