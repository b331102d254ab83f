import type { Page } from 'playwright-core';
import { summarize, type Summary } from './percentiles.ts';
import { median } from './process-stats.ts';

/** The client's User Timing measures of its latest join, ms since the join started (see join-timeline.ts). */
export interface PageJoinPhases {
  /** When the client's join started, ms since the page's navigation. */
  readonly joinStartedAfterNavigationMs: number;
  readonly phases: Record<string, number>;
}

const PREFIX = 'aircounter:join:';

/**
 * Waits until the page's client has timed its first decoded remote frame,
 * then reads every phase. Read from the page's performance timeline, so the
 * bench needs no hook in the demo page.
 */
export async function readJoinPhases(page: Page, timeoutMs = 60_000): Promise<PageJoinPhases> {
  await page.waitForFunction(
    (name) => performance.getEntriesByName(name, 'measure').length > 0,
    `${PREFIX}firstFrameDecoded`,
    { timeout: timeoutMs, polling: 50 },
  );
  return page.evaluate((prefix) => {
    const starts = performance.getEntriesByName(`${prefix}start`, 'mark');
    const start = starts.at(-1)?.startTime ?? Number.NaN;
    const phases: Record<string, number> = {};
    for (const measure of performance.getEntriesByType('measure')) {
      // Only the latest attempt: a reconnection during the run starts later.
      if (measure.name.startsWith(prefix) && measure.startTime === start) {
        phases[measure.name.slice(prefix.length)] = measure.duration;
      }
    }
    return { joinStartedAfterNavigationMs: start, phases };
  }, PREFIX);
}

/** Each phase's median and p95 over the pages, in the order the phases usually happen. */
export function phaseSummaries(pages: readonly PageJoinPhases[]): Record<string, Summary> {
  const byPhase = new Map<string, number[]>();
  for (const page of pages) {
    for (const [phase, ms] of Object.entries(page.phases)) byPhase.set(phase, [...(byPhase.get(phase) ?? []), ms]);
  }
  const ordered = [...byPhase.entries()].sort(([, x], [, y]) => median(x) - median(y));
  return Object.fromEntries(ordered.map(([phase, values]) => [phase, summarize(values)]));
}
