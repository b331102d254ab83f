import type { PackageStatus, SessionSummary } from '@aircounter/evidence';

/** A sealed package's verdict, as its signed manifest states it. */
export interface SealedVerdict {
  readonly status: Exclude<PackageStatus, 'open'>;
  readonly incompleteReason: string | null;
  readonly finalizedAt: string;
}

/** What an auditor may see: all packages, or those of some sessions and/or created in a window (ms). */
export interface PackageScope {
  readonly sessionIds?: readonly string[];
  readonly fromMs?: number;
  readonly toMs?: number;
}

/** One page of the auditor list, newest first. */
export interface PackageQuery {
  readonly scope: PackageScope;
  /** Creation time window (inclusive, ms), agent and status filters of the request. */
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly agentId?: string;
  readonly status?: PackageStatus;
  /** The last item of the previous page (keyset: sessions created meanwhile neither repeat nor shift pages). */
  readonly after?: { readonly createdAt: string; readonly sessionId: string };
  readonly limit: number;
}

/**
 * The index of evidence packages the auditor API lists and filters: one
 * summary per package, written when its log opens and again when it is
 * sealed, kept in the store (server/src/store/evidence-packages-repository.ts)
 * so that listing never reads the packages. The packages stay the record:
 * missing or stale rows are rebuilt from them (index-reconcile.ts).
 */
export interface EvidenceIndex {
  /** Adds or updates a package's row; a sealed status is never replaced by `open`. */
  put(summary: SessionSummary): Promise<void>;
  /** The package was sealed: its row takes the signed manifest's verdict. False when it has no row. */
  markSealed(sessionId: string, verdict: SealedVerdict): Promise<boolean>;
  get(sessionId: string): Promise<SessionSummary | undefined>;
  /** Up to `limit + 1` rows: the extra one tells that another page follows. */
  list(query: PackageQuery): Promise<SessionSummary[]>;
  /** Which of these sessions have no row. */
  missing(sessionIds: readonly string[]): Promise<string[]>;
  /** Sessions indexed as `open` (to check against the packages at start-up). */
  openSessionIds(): Promise<string[]>;
}
