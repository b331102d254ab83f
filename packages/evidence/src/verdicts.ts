import { PROBLEM_CODES, type Problem } from './problems.ts';

/**
 * The one-word verdict on a package, gravest first. `VERIFIED` only for a
 * whole, exact, complete package signed by a trusted key; every other
 * verdict names the kind of fault, and `aircounter verify` exits with its
 * code (2 is kept for "could not check": usage or I/O error).
 */
export const VERDICTS = {
  TAMPERED: {
    exitCode: 1,
    summary: 'content differs from what was signed (edited, reordered, rewritten or malformed)',
  },
  UNTRUSTED_KEY: { exitCode: 7, summary: 'signed by a key the verifier does not trust' },
  MISSING_CONTENT: { exitCode: 5, summary: 'signed content is absent (a listed file, or the end of the event log)' },
  EXTRA_FILES: { exitCode: 6, summary: 'files are present that the signed manifest does not list' },
  UNSEALED: { exitCode: 4, summary: 'the package was never finalized (no manifest or no signature)' },
  INCOMPLETE: { exitCode: 3, summary: 'intact, but the signed manifest says the recording is incomplete' },
  VERIFIED: { exitCode: 0, summary: 'whole, exact and complete; signed by a trusted key' },
} as const satisfies Record<string, { exitCode: number; summary: string }>;

export type Verdict = keyof typeof VERDICTS;

/** Verdicts in order of gravity (the first one a package earns is its verdict). */
export const VERDICT_ORDER = Object.keys(VERDICTS) as readonly Verdict[];

/** The gravest verdict among the problems; `VERIFIED` when there is none of severity `error`. */
export function verdictOf(problems: readonly Problem[]): Verdict {
  const earned = new Set<Verdict>(
    problems.filter((p) => p.severity === 'error').map((p) => PROBLEM_CODES[p.code].verdict),
  );
  return VERDICT_ORDER.find((verdict) => earned.has(verdict)) ?? 'VERIFIED';
}
