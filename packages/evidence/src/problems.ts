/**
 * What the verifier can find wrong with a package. Each code names one kind
 * of fault so that a report (and a test) can tell them apart.
 */
export const PROBLEM_CODES = {
  MALFORMED: {
    severity: 'error',
    summary: 'a file is not in the format (bad JSON, missing member, non-canonical line)',
  },
  FILE_MISSING: { severity: 'error', summary: 'a file the package needs or the manifest lists is absent' },
  FILE_SIZE_MISMATCH: { severity: 'error', summary: 'a file has another size than the manifest says' },
  MEDIA_HASH_MISMATCH: { severity: 'error', summary: "a file's SHA-256 differs from the manifest's" },
  UNLISTED_FILE: { severity: 'warning', summary: 'a file is in the package but not in the manifest' },
  LOG_LINE_EDITED: { severity: 'error', summary: 'an event log entry was changed after it was written' },
  LOG_REORDERED: { severity: 'error', summary: 'event log entries are out of sequence order' },
  LOG_LINE_DELETED: { severity: 'error', summary: 'event log entries are missing from the middle of the log' },
  LOG_LINE_INSERTED: { severity: 'error', summary: 'an event log sequence number appears more than once' },
  LOG_TRUNCATED: { severity: 'error', summary: 'the event log ends before the signed number of entries' },
  LOG_EXTENDED: { severity: 'error', summary: 'the event log has entries after the signed last entry' },
  LOG_HEAD_MISMATCH: {
    severity: 'error',
    summary: "the event log's last entry differs from the signed one (log rewritten)",
  },
  MANIFEST_SESSION_MISMATCH: { severity: 'error', summary: 'the manifest or log belongs to another session' },
  SIGNATURE_INVALID: {
    severity: 'error',
    summary: 'the manifest signature does not verify (tampered manifest or other key)',
  },
  UNKNOWN_KEY: { severity: 'error', summary: 'the manifest is signed by a key that is not among the trusted keys' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; summary: string }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type Severity = 'error' | 'warning';

export interface Problem {
  readonly code: ProblemCode;
  readonly severity: Severity;
  /** Package file the problem is in. */
  readonly file?: string;
  /** 1-based line of events.jsonl. */
  readonly line?: number;
  /** Event log sequence number. */
  readonly seq?: number;
  readonly message: string;
}

export function problem(
  code: ProblemCode,
  message: string,
  where: { file?: string; line?: number; seq?: number } = {},
): Problem {
  return { code, severity: PROBLEM_CODES[code].severity, ...where, message };
}
