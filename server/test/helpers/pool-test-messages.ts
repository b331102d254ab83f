/** Jobs of the thread pool's test worker. */
export type PoolTestJob =
  { readonly kind: 'wait'; readonly ms: number } | { readonly kind: 'fail' } | { readonly kind: 'die' };

export interface PoolTestResult {
  readonly threadId: number;
  /** When the worker began and finished the job (wall clock, ms). */
  readonly startedAt: number;
  readonly endedAt: number;
}
