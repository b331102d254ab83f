/** What a command may touch: the environment and two output streams (tests pass their own). */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

/**
 * Exit codes shared by every command. `aircounter verify` exits with its
 * verdict's code instead (`VERDICTS` of @aircounter/evidence: 0 VERIFIED,
 * 1 TAMPERED, 3 INCOMPLETE, 4 UNSEALED, 5 MISSING_CONTENT, 6 EXTRA_FILES,
 * 7 UNTRUSTED_KEY); 2 always means the check could not run.
 */
export const EXIT = {
  /** Verified / done. */
  OK: 0,
  /** The log was checked and has problems (`verify-access-log`). */
  FAILED: 1,
  /** Could not check: bad usage, unreadable input, unreachable key URL. */
  USAGE: 2,
} as const;
