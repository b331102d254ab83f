/**
 * What the verifier can find wrong with a package. Each code names one kind
 * of fault so that a report (and a test) can tell them apart, and belongs to
 * one {@link Verdict}: the package's verdict is the gravest verdict among its
 * problems (see `verdicts.ts`).
 */
export const PROBLEM_CODES = {
  MALFORMED: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: 'a file is not in the format (bad JSON, missing member, non-canonical line)',
  },
  MANIFEST_NOT_CANONICAL: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary:
      'manifest.json is not byte for byte the canonical JSON that was signed (reordered or duplicate members, whitespace, trailing data)',
  },
  FILE_MISSING: {
    severity: 'error',
    verdict: 'MISSING_CONTENT',
    summary: 'a file the package needs or the manifest lists is absent',
  },
  FILE_SIZE_MISMATCH: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: 'a file has another size than the manifest says',
  },
  MEDIA_HASH_MISMATCH: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: "a file's SHA-256 differs from the manifest's",
  },
  UNLISTED_FILE: {
    severity: 'error',
    verdict: 'EXTRA_FILES',
    summary: 'a file (or directory) is in the package but not in the manifest',
  },
  LOG_LINE_EDITED: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: 'an event log entry was changed after it was written',
  },
  LOG_REORDERED: { severity: 'error', verdict: 'TAMPERED', summary: 'event log entries are out of sequence order' },
  LOG_LINE_DELETED: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: 'event log entries are missing from the middle of the log',
  },
  LOG_LINE_INSERTED: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: 'an event log sequence number appears more than once',
  },
  LOG_TRUNCATED: {
    severity: 'error',
    verdict: 'MISSING_CONTENT',
    summary: 'the log ends before the signed number of entries, or in the middle of a line',
  },
  LOG_EXTENDED: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: 'the event log has entries after the signed last entry',
  },
  LOG_HEAD_MISMATCH: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: "the event log's last entry differs from the signed one (log rewritten)",
  },
  MANIFEST_SESSION_MISMATCH: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: 'the manifest or log belongs to another session',
  },
  SIGNATURE_INVALID: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary: 'the manifest signature does not verify (tampered manifest or other key)',
  },
  UNKNOWN_KEY: {
    severity: 'error',
    verdict: 'UNTRUSTED_KEY',
    summary: 'the manifest is signed by a key that is not among the trusted (pinned) keys',
  },
  PACKAGE_UNSEALED: {
    severity: 'error',
    verdict: 'UNSEALED',
    summary: 'the package has no manifest or no signature: it was never finalized',
  },
  PACKAGE_INCOMPLETE: {
    severity: 'error',
    verdict: 'INCOMPLETE',
    summary: 'the signed manifest says the recording is incomplete (with its reason)',
  },
  DECISION_INVALID: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary:
      'a signed authorization decision is missing, malformed, signed by an unpinned key, fails its signature or disagrees with its event',
  },
  PDF_SIGNATURE_INVALID: {
    severity: 'error',
    verdict: 'TAMPERED',
    summary:
      "a PDF's signature does not verify over its byte ranges, or a signed document's signature does not cover all of it",
  },
} as const satisfies Record<string, { severity: 'error' | 'warning'; verdict: string; summary: string }>;

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
