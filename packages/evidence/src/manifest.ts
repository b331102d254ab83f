import { canonicalJson } from './canonical-json.ts';
import { fromBase64Url, isSha256Hex, utf8 } from './encoding.ts';
import {
  EVENTS_FILE,
  isValidEventType,
  isValidFileName,
  isValidSessionId,
  MANIFEST_FORMAT,
  PACKAGE_CONTROL_FILES,
  SIGNATURE_ALGORITHM,
  SIGNATURE_FORMAT,
  type EventEntry,
  type Manifest,
  type SignatureEnvelope,
} from './format.ts';

// Hand-written guards: this package has no runtime dependency (it runs in
// the auditor's browser), and each guard names the first member at fault.

/** What a parser of a format returns: the value, or what is wrong with it. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks that a parsed manifest.json has every member of {@link Manifest}. */
export function parseManifest(value: unknown): ParseResult<Manifest> {
  const fail = (error: string): ParseResult<Manifest> => ({ ok: false, error: `manifest: ${error}` });
  if (!isRecord(value)) return fail('not a JSON object');
  if (value.format !== MANIFEST_FORMAT) return fail(`format must be "${MANIFEST_FORMAT}"`);
  if (!isValidSessionId(value.sessionId)) return fail('sessionId is not a valid session id');
  if (!isIsoTime(value.createdAt)) return fail('createdAt must be an ISO 8601 UTC time');
  if (!isIsoTime(value.finalizedAt)) return fail('finalizedAt must be an ISO 8601 UTC time');
  if (typeof value.complete !== 'boolean') return fail('complete must be a boolean');
  if (!(value.incompleteReason === null || typeof value.incompleteReason === 'string')) {
    return fail('incompleteReason must be a string or null');
  }
  if (value.algorithm !== SIGNATURE_ALGORITHM) return fail(`algorithm must be "${SIGNATURE_ALGORITHM}"`);
  if (typeof value.keyId !== 'string' || value.keyId === '') return fail('keyId must be a non-empty string');
  const log = value.eventLog;
  if (!isRecord(log) || log.name !== EVENTS_FILE) return fail(`eventLog.name must be "${EVENTS_FILE}"`);
  if (!isSize(log.entries) || log.entries < 1) return fail('eventLog.entries must be a positive integer');
  if (!isSha256Hex(log.headHash)) return fail('eventLog.headHash must be 64 lower-case hex digits');
  if (!Array.isArray(value.files)) return fail('files must be an array');
  let previous = '';
  for (const [index, file] of (value.files as unknown[]).entries()) {
    const where = `files[${index}]`;
    if (!isRecord(file) || !isValidFileName(file.name)) return fail(`${where}.name is not a valid file name`);
    if (PACKAGE_CONTROL_FILES.includes(file.name)) return fail(`${where}.name "${file.name}" is reserved`);
    if (file.name <= previous) return fail(`${where}: files must be sorted by name without duplicates`);
    if (!isSize(file.size)) return fail(`${where}.size must be a non-negative integer`);
    if (!isSha256Hex(file.sha256)) return fail(`${where}.sha256 must be 64 lower-case hex digits`);
    if (typeof file.mediaType !== 'string') return fail(`${where}.mediaType must be a string`);
    previous = file.name;
  }
  return { ok: true, value: value as unknown as Manifest };
}

export function parseSignatureEnvelope(value: unknown): ParseResult<SignatureEnvelope> {
  const fail = (error: string): ParseResult<SignatureEnvelope> => ({ ok: false, error: `signature: ${error}` });
  if (!isRecord(value)) return fail('not a JSON object');
  if (value.format !== SIGNATURE_FORMAT) return fail(`format must be "${SIGNATURE_FORMAT}"`);
  if (value.algorithm !== SIGNATURE_ALGORITHM) return fail(`algorithm must be "${SIGNATURE_ALGORITHM}"`);
  if (typeof value.keyId !== 'string' || value.keyId === '') return fail('keyId must be a non-empty string');
  if (typeof value.signature !== 'string' || fromBase64Url(value.signature)?.byteLength !== 64) {
    return fail('signature must be 64 bytes, base64url without padding');
  }
  return { ok: true, value: value as unknown as SignatureEnvelope };
}

/** Shape of one events.jsonl entry beyond seq/prev/hash (checked by the chain). */
export function checkEventShape(value: Record<string, unknown>): string | undefined {
  if (!isIsoTime(value.time)) return 'time must be an ISO 8601 UTC time';
  const media = value.mediaTimeMs;
  if (!(media === null || (typeof media === 'number' && Number.isFinite(media) && media >= 0))) {
    return 'mediaTimeMs must be null or a non-negative number';
  }
  if (!isValidEventType(value.type)) return 'type is not a valid event type';
  if (!isRecord(value.data)) return 'data must be a JSON object';
  const allowed = new Set(['seq', 'time', 'mediaTimeMs', 'type', 'data', 'prev', 'hash']);
  const extra = Object.keys(value).find((key) => !allowed.has(key));
  if (extra !== undefined) return `unknown member "${extra}"`;
  return undefined;
}

export function isEventEntry(value: unknown): value is EventEntry {
  return isRecord(value) && checkEventShape(value) === undefined;
}

/** The bytes a manifest signature covers: the UTF-8 of the manifest's canonical JSON. */
export function manifestSigningBytes(manifest: unknown): Uint8Array {
  return utf8(canonicalJson(manifest));
}
