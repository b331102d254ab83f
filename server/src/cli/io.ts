/** What a command may touch: the environment and two output streams (tests pass their own). */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

/** Exit codes of every command. */
export const EXIT = {
  /** Verified (warnings allowed) / done. */
  OK: 0,
  /** The package or log was checked and has problems. */
  FAILED: 1,
  /** Could not check: bad usage, unreadable input, unreachable key URL. */
  USAGE: 2,
} as const;
