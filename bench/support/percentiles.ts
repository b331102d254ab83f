import { median } from './process-stats.ts';

/** Nearest-rank percentile (p in 0..100) of a sample; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export interface Summary {
  readonly median: number;
  readonly p95: number;
  readonly n: number;
}

/** Median and p95 rounded to 0.1 ms: what a reader of the JSON compares. */
export function summarize(values: readonly number[]): Summary {
  const round = (value: number): number => Math.round(value * 10) / 10;
  return { median: round(median(values)), p95: round(percentile(values, 95)), n: values.length };
}
