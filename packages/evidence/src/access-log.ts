import { canonicalJson } from './canonical-json.ts';
import { accessLogGenesis, checkChain, type ParsedEntry } from './chain.ts';
import type { JsonObject } from './format.ts';
import { isIsoTime } from './manifest.ts';
import { problem, type Problem } from './problems.ts';

/** File name of the auditor API's access log being written (one per store). */
export const ACCESS_LOG_FILE = 'access.jsonl';
/** Log id of the access log's genesis (see {@link accessLogGenesis}). */
export const DEFAULT_ACCESS_LOG_ID = 'default';
/**
 * A rotated access log file: `access.<seq>.jsonl`, where `<seq>` (12 digits)
 * is the seq that follows its last entry. The chain runs on from one file to
 * the next (the first entry of a file links to the last entry of the file
 * before), so sorting the names gives the order in which the files must be
 * verified, followed by {@link ACCESS_LOG_FILE}.
 */
export const ROTATED_ACCESS_LOG_PATTERN = /^access\.(\d{12})\.jsonl$/;

export function rotatedAccessLogName(nextSeq: number): string {
  return `access.${String(nextSeq).padStart(12, '0')}.jsonl`;
}

/**
 * Upper bound of one access log line in bytes. Every member of an entry is
 * bounded (ids, file names and ranges are validated before they are logged,
 * anything else is a fixed vocabulary), so a request — however large its URL —
 * adds at most this much.
 */
export const MAX_ACCESS_ENTRY_BYTES = 2048;

/** One line of the access log: who read what, when, with which result. Same chain rule as events. */
export interface AccessEntry {
  readonly seq: number;
  readonly time: string;
  readonly type: 'evidence.access';
  readonly data: AccessRecord & JsonObject;
  readonly prev: string;
  readonly hash: string;
}

export interface AccessRecord {
  /** Auditor id from the token's `sub`; null when no valid token was presented. */
  readonly actor: string | null;
  readonly role: string | null;
  /** The token's scope as the server enforced it (`all`, `sessions:<n>`, `created:<from>..<to>`); null without a valid token. */
  readonly scope: string | null;
  /** API operation, e.g. `listSessions`, `getManifest`, `getFile`. */
  readonly action: string;
  /** The session asked for; null when none, or when the id was refused as ill-shaped (never logged as sent). */
  readonly sessionId: string | null;
  /** The file asked for; null when none, or when the name was refused as ill-shaped. */
  readonly file: string | null;
  /** The Range header served, e.g. `bytes=0-1023`; null for whole reads or an ill-shaped header. */
  readonly range: string | null;
  readonly status: number;
  readonly result: 'ok' | 'denied' | 'not-found' | 'invalid' | 'error';
  /** Error code (AirError) when refused. */
  readonly code: string | null;
  readonly remoteAddress: string | null;
}

export function checkAccessEntryShape(value: Record<string, unknown>): string | undefined {
  if (!isIsoTime(value.time)) return 'time must be an ISO 8601 UTC time';
  if (value.type !== 'evidence.access') return 'type must be "evidence.access"';
  const data = value.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data must be a JSON object';
  const record = data as Record<string, unknown>;
  if (typeof record.action !== 'string') return 'data.action must be a string';
  if (typeof record.status !== 'number') return 'data.status must be a number';
  return undefined;
}

export interface AccessLogVerification {
  readonly ok: boolean;
  readonly problems: readonly Problem[];
  /** Entries read across all files. */
  readonly entries: number;
  /** Hash of the last entry (the genesis when the log is empty). */
  readonly headHash: string;
}

/** One file of an access log, read only when its turn comes (files are verified one at a time). */
export interface AccessLogFile {
  readonly name: string;
  read(): Promise<Uint8Array>;
}

/**
 * Verifies an access log that may span rotated files, given in order (oldest
 * first, the current file last): each file's chain, and that each file starts
 * exactly where the one before ended (seq and hash). Memory is bounded by the
 * largest single file.
 */
export async function verifyAccessLogFiles(
  files: readonly AccessLogFile[],
  logId: string = DEFAULT_ACCESS_LOG_ID,
): Promise<AccessLogVerification> {
  const problems: Problem[] = [];
  let headHash = await accessLogGenesis(logId);
  let nextSeq = 0;
  for (const [index, file] of files.entries()) {
    const result = await checkChain<AccessEntry>(await file.read(), {
      file: file.name,
      genesis: headHash,
      firstSeq: nextSeq,
      checkShape: checkAccessEntryShape,
      genesisMismatchMessage:
        index === 0
          ? `the access log does not start from the genesis of log "${logId}"`
          : `${file.name} does not continue the chain where the file before it ended`,
    });
    problems.push(...result.problems);
    const last = result.entries.at(-1) as ParsedEntry<AccessEntry> | undefined;
    if (last) {
      headHash = last.actualHash;
      nextSeq = last.entry.seq + 1;
    }
    const rotated = ROTATED_ACCESS_LOG_PATTERN.exec(file.name);
    if (rotated && Number(rotated[1]) !== nextSeq) {
      // Entries were cut from the end of a rotated file (or the file renamed).
      problems.push(
        problem(
          'LOG_TRUNCATED',
          `${file.name} ends before seq ${Number(rotated[1])}; its last entry is ${nextSeq - 1}`,
          {
            file: file.name,
            seq: nextSeq,
          },
        ),
      );
    }
    for (const item of result.entries) {
      const bytes = new TextEncoder().encode(canonicalJson(item.entry)).byteLength;
      if (bytes > MAX_ACCESS_ENTRY_BYTES) {
        problems.push(
          problem('MALFORMED', `entry is ${bytes} bytes, above the ${MAX_ACCESS_ENTRY_BYTES}-byte bound`, {
            file: file.name,
            line: item.line,
            seq: item.entry.seq,
          }),
        );
      }
    }
  }
  return { ok: !problems.some((p) => p.severity === 'error'), problems, entries: nextSeq, headHash };
}

/** Verifies one access log file that starts from the genesis (a log that never rotated). */
export async function verifyAccessLog(
  bytes: Uint8Array,
  logId: string = DEFAULT_ACCESS_LOG_ID,
): Promise<{ ok: boolean; problems: readonly Problem[]; entries: readonly AccessEntry[] }> {
  const result = await checkChain<AccessEntry>(bytes, {
    file: ACCESS_LOG_FILE,
    genesis: await accessLogGenesis(logId),
    checkShape: checkAccessEntryShape,
    genesisMismatchMessage: `the access log does not start from the genesis of log "${logId}"`,
  });
  return {
    ok: !result.problems.some((p) => p.severity === 'error'),
    problems: result.problems,
    entries: result.entries.map((item: ParsedEntry<AccessEntry>) => item.entry),
  };
}
