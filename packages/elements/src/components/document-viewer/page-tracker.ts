import { MAX_PAGE_VISIBLE_MS } from '@aircounter/protocol';

/** How long one page was on screen: what `air-document-page` carries. */
export interface PageView {
  readonly page: number;
  readonly visibleMs: number;
}

/**
 * Which pages were shown, and for how long each time: the evidence of
 * reading (`signing.document.page-viewed`). Time counts only while the page
 * is on screen and the tab is visible (`pause`/`resume`), so a document left
 * open in a background tab is not "read". A view longer than the protocol
 * allows in one report is split into several.
 */
export class PageTracker {
  readonly #now: () => number;
  readonly #seen = new Set<number>();
  #page: number | undefined;
  #accumulatedMs = 0;
  #since: number | undefined;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Pages shown at least once. */
  get seen(): ReadonlySet<number> {
    return this.#seen;
  }

  /** Whether every page of a document of `pages` pages was shown. */
  seenAll(pages: number): boolean {
    for (let page = 1; page <= pages; page += 1) if (!this.#seen.has(page)) return false;
    return pages > 0;
  }

  /** `page` is now on screen; returns the views of the page it replaces (none when it is the same page). */
  show(page: number, visible: boolean): PageView[] {
    if (page === this.#page) return [];
    const left = this.flush();
    this.#page = page;
    this.#seen.add(page);
    this.#since = visible ? this.#now() : undefined;
    return left;
  }

  /** The tab was hidden: time stops counting. */
  pause(): void {
    if (this.#since === undefined) return;
    this.#accumulatedMs += this.#now() - this.#since;
    this.#since = undefined;
  }

  /** The tab is visible again. */
  resume(): void {
    if (this.#page !== undefined) this.#since ??= this.#now();
  }

  /** The views of the current page so far (it keeps counting from now); none for no time on screen. */
  flush(): PageView[] {
    const page = this.#page;
    if (page === undefined) return [];
    const running = this.#since !== undefined;
    this.pause();
    let remaining = Math.round(this.#accumulatedMs);
    this.#accumulatedMs = 0;
    if (running) this.resume();
    const views: PageView[] = [];
    while (remaining > 0) {
      const visibleMs = Math.min(remaining, MAX_PAGE_VISIBLE_MS);
      views.push({ page, visibleMs });
      remaining -= visibleMs;
    }
    return views;
  }

  /** A new document: nothing seen, no page on screen. */
  reset(): void {
    this.#seen.clear();
    this.#page = undefined;
    this.#accumulatedMs = 0;
    this.#since = undefined;
  }
}
