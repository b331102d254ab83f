import { canonicalJson } from './canonical-json.ts';
import { fromUtf8, isSha256Hex } from './encoding.ts';
import { problem, type Problem } from './problems.ts';
import { sha256Hex } from './sha256.ts';

/**
 * Hash chains: the event log of a session and the auditors' access log are
 * both JSON Lines files in which every entry carries `seq`, `prev` and `hash`:
 *
 *   hash = SHA-256(canonicalJson(entry without `hash`))   (lower-case hex)
 *   prev = hash of the entry with seq - 1, or the chain's genesis for seq 0
 *
 * One line is `canonicalJson(entry)` followed by "\n". This module builds and
 * checks both logs; the two differ only in their genesis and entry shape.
 */
export interface ChainEntry {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
}

/** Genesis of a session's event log: SHA-256 of `aircounter:events:v1:<sessionId>`. */
export function eventLogGenesis(sessionId: string): Promise<string> {
  return sha256Hex(`aircounter:events:v1:${sessionId}`);
}

/** Genesis of an access log: SHA-256 of `aircounter:access:v1:<logId>`. */
export function accessLogGenesis(logId: string): Promise<string> {
  return sha256Hex(`aircounter:access:v1:${logId}`);
}

/** The hash an entry must carry: SHA-256 of its canonical JSON without the `hash` member. */
export function entryHash(entry: object): Promise<string> {
  const { hash: _ignored, ...body } = entry as Record<string, unknown>;
  return sha256Hex(canonicalJson(body));
}

/** Completes an entry body (which already has `seq` and `prev`) with its hash. */
export async function sealEntry<T extends { readonly seq: number; readonly prev: string }>(
  body: T,
): Promise<T & { readonly hash: string }> {
  return { ...body, hash: await entryHash(body) };
}

/** The exact line (with its "\n") an entry occupies in the file. */
export function entryLine(entry: ChainEntry): string {
  return `${canonicalJson(entry)}\n`;
}

export interface ChainCheckOptions {
  /** File name used in problem reports. */
  readonly file: string;
  /** Expected `prev` of the first entry; undefined when unknown (the check is then skipped). */
  readonly genesis: string | undefined;
  /**
   * Seq of the file's first entry (default 0). A log continued across files
   * (the rotated access log) checks each file with the seq and `genesis`
   * (the previous file's head hash) where the previous file ended.
   */
  readonly firstSeq?: number;
  /** Shape check of one parsed line beyond seq/prev/hash; returns what is wrong, or undefined. */
  readonly checkShape: (value: Record<string, unknown>) => string | undefined;
  /** Message for a genesis mismatch (whose log this is). */
  readonly genesisMismatchMessage?: string;
}

export interface ParsedEntry<E extends ChainEntry> {
  readonly entry: E;
  /** 1-based line in the file. */
  readonly line: number;
  /** The hash recomputed from the entry's content. */
  readonly actualHash: string;
  /** The entry's content no longer matches its own `hash`. */
  readonly edited: boolean;
}

export interface ChainCheckResult<E extends ChainEntry> {
  /** Well-formed entries in seq order (first occurrence of a duplicated seq only). */
  readonly entries: readonly ParsedEntry<E>[];
  readonly problems: readonly Problem[];
}

/**
 * Checks a whole log file. Reports each fault once, at its root: a line
 * edited in place (LOG_LINE_EDITED at its seq), an entry rewritten together
 * with its own hash (LOG_LINE_EDITED at its seq, found through the next
 * entry's `prev`), lines moved (LOG_REORDERED), removed (LOG_LINE_DELETED),
 * duplicated (LOG_LINE_INSERTED), or started from another genesis
 * (MANIFEST_SESSION_MISMATCH); {@link checkChainEnd} then compares the end
 * with the signed one. The chain is followed in seq order, so a reordering
 * does not also show up as broken links.
 */
export async function checkChain<E extends ChainEntry>(
  bytes: Uint8Array,
  options: ChainCheckOptions,
): Promise<ChainCheckResult<E>> {
  const { file } = options;
  const problems: Problem[] = [];
  let text: string;
  try {
    text = fromUtf8(bytes);
  } catch {
    return { entries: [], problems: [problem('MALFORMED', 'not valid UTF-8', { file })] };
  }
  const parsed = await parseLines<E>(text, options, problems);

  // File order: every seq must be greater than all seqs before it.
  const seen = new Set<number>();
  let highest = -1;
  const unique: ParsedEntry<E>[] = [];
  for (const item of parsed) {
    const { seq } = item.entry;
    if (seen.has(seq)) {
      problems.push(problem('LOG_LINE_INSERTED', `seq ${seq} appears again`, { file, line: item.line, seq }));
      continue;
    }
    if (seq < highest) {
      problems.push(problem('LOG_REORDERED', `seq ${seq} comes after seq ${highest}`, { file, line: item.line, seq }));
    }
    seen.add(seq);
    highest = Math.max(highest, seq);
    unique.push(item);
  }
  const entries = unique.sort((a, b) => a.entry.seq - b.entry.seq);

  checkLinks(entries, options, problems);
  return { entries, problems };
}

async function parseLines<E extends ChainEntry>(
  text: string,
  options: ChainCheckOptions,
  problems: Problem[],
): Promise<ParsedEntry<E>[]> {
  const { file } = options;
  const out: ParsedEntry<E>[] = [];
  if (text === '') return out;
  const lines = text.split('\n');
  const last = lines.pop();
  if (last !== '') {
    problems.push(
      problem('LOG_TRUNCATED', 'the last line is cut off (not terminated by a newline)', {
        file,
        line: lines.length + 1,
      }),
    );
    // A torn tail is not an entry: it is reported once, as truncation, not also as bad JSON.
  }
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push(problem('MALFORMED', raw === '' ? 'empty line' : 'not valid JSON', { file, line }));
      continue;
    }
    const shapeError = checkCommonShape(value) ?? options.checkShape(value as Record<string, unknown>);
    if (shapeError !== undefined) {
      problems.push(problem('MALFORMED', shapeError, { file, line }));
      continue;
    }
    const entry = value as E;
    if (canonicalJson(entry) !== raw) {
      problems.push(problem('MALFORMED', 'line is not in canonical JSON form', { file, line, seq: entry.seq }));
    }
    const actualHash = await entryHash(entry);
    const edited = actualHash !== entry.hash;
    if (edited) {
      problems.push(
        problem('LOG_LINE_EDITED', `entry ${entry.seq} does not match its own hash: its content was changed`, {
          file,
          line,
          seq: entry.seq,
        }),
      );
    }
    out.push({ entry, line, actualHash, edited });
  }
  return out;
}

function checkCommonShape(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'entry is not a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record.seq !== 'number' || !Number.isSafeInteger(record.seq) || record.seq < 0) {
    return 'seq must be a non-negative integer';
  }
  if (!isSha256Hex(record.prev)) return 'prev must be 64 lower-case hex digits';
  if (!isSha256Hex(record.hash)) return 'hash must be 64 lower-case hex digits';
  return undefined;
}

function checkLinks<E extends ChainEntry>(
  entries: readonly ParsedEntry<E>[],
  options: ChainCheckOptions,
  problems: Problem[],
): void {
  const { file } = options;
  let expectedSeq = options.firstSeq ?? 0;
  let before: ParsedEntry<E> | undefined;
  for (const item of entries) {
    const { seq, prev } = item.entry;
    if (seq > expectedSeq) {
      const range = seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq}–${seq - 1} are`;
      problems.push(
        problem('LOG_LINE_DELETED', `${range} missing before line ${item.line}`, { file, seq: expectedSeq }),
      );
    } else if (before === undefined) {
      if (options.genesis !== undefined && prev !== options.genesis) {
        problems.push(
          problem(
            'MANIFEST_SESSION_MISMATCH',
            options.genesisMismatchMessage ?? 'the first entry does not start from this log’s genesis',
            { file, line: item.line, seq },
          ),
        );
      }
    } else if (prev !== before.actualHash && !before.edited) {
      problems.push(
        problem(
          'LOG_LINE_EDITED',
          `entry ${before.entry.seq} was rewritten (with a new hash): entry ${seq} was chained to different content`,
          { file, line: before.line, seq: before.entry.seq },
        ),
      );
    }
    before = item;
    expectedSeq = seq + 1;
  }
}

/**
 * Compares a checked log with its signed end (the manifest's entry count and
 * head hash): entries cut off, entries appended, or a consistent rewrite.
 */
export function checkChainEnd<E extends ChainEntry>(
  entries: readonly ParsedEntry<E>[],
  expected: { readonly entries: number; readonly headHash: string },
  file: string,
): Problem[] {
  const problems: Problem[] = [];
  const lastSeq = entries.at(-1)?.entry.seq ?? -1;
  if (lastSeq + 1 < expected.entries) {
    problems.push(
      problem(
        'LOG_TRUNCATED',
        `the log ends at seq ${lastSeq} but ${expected.entries} entries were signed (seq ${lastSeq + 1}–${expected.entries - 1} missing)`,
        { file, seq: lastSeq + 1 },
      ),
    );
  } else if (lastSeq + 1 > expected.entries) {
    problems.push(
      problem(
        'LOG_EXTENDED',
        `${lastSeq + 1 - expected.entries} entries (seq ${expected.entries}–${lastSeq}) follow the signed end of the log`,
        { file, seq: expected.entries },
      ),
    );
  }
  const head = entries.find((item) => item.entry.seq === expected.entries - 1);
  if (head && !head.edited && head.actualHash !== expected.headHash) {
    problems.push(
      problem('LOG_HEAD_MISMATCH', `entry ${head.entry.seq} is not the signed last entry: the log was rewritten`, {
        file,
        line: head.line,
        seq: head.entry.seq,
      }),
    );
  }
  return problems;
}
