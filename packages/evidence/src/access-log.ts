import { accessLogGenesis, checkChain, type ParsedEntry } from './chain.ts';
import type { JsonObject } from './format.ts';
import { isIsoTime } from './manifest.ts';
import type { Problem } from './problems.ts';

/** File name of the auditor API's access log (one per store). */
export const ACCESS_LOG_FILE = 'access.jsonl';
/** Log id of the access log's genesis (see {@link accessLogGenesis}). */
export const DEFAULT_ACCESS_LOG_ID = 'default';

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
  /** API operation, e.g. `listSessions`, `getManifest`, `getFile`. */
  readonly action: string;
  readonly sessionId: string | null;
  readonly file: string | null;
  /** The Range header served, e.g. `bytes=0-1023`; null for whole reads. */
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

/** Verifies an access log file's chain (the whole file; it has no signed end). */
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
