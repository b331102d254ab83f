/**
 * The evidence package format, version 1. docs/evidence-format.md is the
 * prose specification of everything declared here.
 *
 * A package is one directory (or object prefix) per session holding the media
 * files, `events.jsonl` (the hash-chained event log), `manifest.json` (what
 * the package contains, signed) and `manifest.sig` (the Ed25519 signature).
 */

export const MANIFEST_FORMAT = 'aircounter.evidence.manifest.v1';
export const SIGNATURE_FORMAT = 'aircounter.evidence.signature.v1';
export const SIGNATURE_ALGORITHM = 'Ed25519';

export const EVENTS_FILE = 'events.jsonl';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
/** Files the manifest describes by other means than its `files` list. */
export const PACKAGE_CONTROL_FILES: readonly string[] = [EVENTS_FILE, MANIFEST_FILE, SIGNATURE_FILE];

/** A JSON value as the format stores it (what {@link canonicalJson} accepts). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** One line of `events.jsonl`. Every member is covered by `hash`. */
export interface EventEntry {
  /** 0, 1, 2 … without gaps. */
  readonly seq: number;
  /** Wall-clock time the server appended the entry, ISO 8601 UTC with milliseconds. */
  readonly time: string;
  /** Milliseconds since the start of the session's recording; null before recording started. */
  readonly mediaTimeMs: number | null;
  readonly type: string;
  readonly data: JsonObject;
  /** `hash` of the entry before; for seq 0 the chain's genesis value. */
  readonly prev: string;
  /** SHA-256 (hex) of the canonical JSON of this entry without `hash`. */
  readonly hash: string;
}

export interface ManifestFile {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly mediaType: string;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly sessionId: string;
  /** Time of the log's first entry. */
  readonly createdAt: string;
  readonly finalizedAt: string;
  /** False when the session ended abnormally (server restart, recording failure, …). */
  readonly complete: boolean;
  /** Why the package is incomplete; null when complete. */
  readonly incompleteReason: string | null;
  /** Every file of the package except events.jsonl, manifest.json and manifest.sig, sorted by name. */
  readonly files: readonly ManifestFile[];
  readonly eventLog: {
    readonly name: typeof EVENTS_FILE;
    /** Number of entries (the last entry's seq + 1). */
    readonly entries: number;
    /** `hash` of the last entry. */
    readonly headHash: string;
  };
  /** Key id (RFC 7638 JWK thumbprint) of the signing key. */
  readonly keyId: string;
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
}

/** Content of `manifest.sig`: a detached signature of the canonical JSON of manifest.json. */
export interface SignatureEnvelope {
  readonly format: typeof SIGNATURE_FORMAT;
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  readonly keyId: string;
  /** Ed25519 signature, base64url without padding (64 bytes). */
  readonly signature: string;
}

/**
 * What an event type looks like. The types the server writes, with the schema
 * of their `data`, are in `EVENTS` (events/table.ts); the verifier accepts any
 * type that matches this pattern, so that packages with types a verifier does
 * not know (written by a newer server) still verify.
 */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){0,5}$/;
export const MAX_EVENT_TYPE_LENGTH = 64;

/**
 * Session ids: the protocol's id alphabet (letters, digits, `. _ : @ -`, at
 * most 128) and never starting with a dot, so that no id names `.`, `..` or a
 * hidden directory.
 */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_:@-][A-Za-z0-9._:@-]{0,127}$/;
/** File names: a flat name, starting with a letter or digit, no separators. */
export const FILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isValidSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value);
}

export function isValidFileName(value: unknown): value is string {
  return typeof value === 'string' && FILE_NAME_PATTERN.test(value);
}

export function isValidEventType(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_EVENT_TYPE_LENGTH && EVENT_TYPE_PATTERN.test(value);
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  mka: 'audio/x-matroska',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  txt: 'text/plain',
  pdf: 'application/pdf',
  sig: 'application/json',
  sdp: 'application/sdp',
};

/** Media type by file extension; `application/octet-stream` when unknown. */
export function mediaTypeFor(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  return MEDIA_TYPES[ext] ?? 'application/octet-stream';
}
