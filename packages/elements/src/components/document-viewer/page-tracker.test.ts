import { MAX_PAGE_VISIBLE_MS } from '@aircounter/protocol';
import { expect } from 'chai';
import { PageTracker } from './page-tracker.ts';

/** A tracker on a clock the test moves. */
function tracked() {
  let now = 0;
  const tracker = new PageTracker(() => now);
  return {
    tracker,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('PageTracker', () => {
  it('reports the page it leaves with the time it was on screen, and which pages were seen', () => {
    const { tracker, advance } = tracked();
    expect(tracker.show(1, true)).to.deep.equal([]);
    advance(1_500);
    expect(tracker.show(2, true)).to.deep.equal([{ page: 1, visibleMs: 1_500 }]);
    expect(tracker.seenAll(3)).to.equal(false);
    advance(200);
    // The same page again is no change.
    expect(tracker.show(2, true)).to.deep.equal([]);
    advance(300);
    expect(tracker.show(3, true)).to.deep.equal([{ page: 2, visibleMs: 500 }]);
    expect(tracker.seenAll(3)).to.equal(true);
    expect([...tracker.seen]).to.deep.equal([1, 2, 3]);
  });

  it('does not count time while the tab is hidden', () => {
    const { tracker, advance } = tracked();
    tracker.show(1, true);
    advance(1_000);
    tracker.pause();
    advance(60_000);
    tracker.resume();
    advance(500);
    expect(tracker.show(2, true)).to.deep.equal([{ page: 1, visibleMs: 1_500 }]);
    // A page shown while hidden starts counting when the tab comes back.
    const hidden = tracked();
    hidden.tracker.show(1, false);
    hidden.advance(5_000);
    hidden.tracker.resume();
    hidden.advance(700);
    expect(hidden.tracker.flush()).to.deep.equal([{ page: 1, visibleMs: 700 }]);
  });

  it('flushes what the current page has so far and keeps counting from there', () => {
    const { tracker, advance } = tracked();
    tracker.show(4, true);
    advance(800);
    expect(tracker.flush()).to.deep.equal([{ page: 4, visibleMs: 800 }]);
    expect(tracker.flush()).to.deep.equal([]);
    advance(200);
    expect(tracker.show(5, true)).to.deep.equal([{ page: 4, visibleMs: 200 }]);
  });

  it('splits a view longer than one report may say', () => {
    const { tracker, advance } = tracked();
    tracker.show(1, true);
    advance(2 * MAX_PAGE_VISIBLE_MS + 10);
    expect(tracker.flush()).to.deep.equal([
      { page: 1, visibleMs: MAX_PAGE_VISIBLE_MS },
      { page: 1, visibleMs: MAX_PAGE_VISIBLE_MS },
      { page: 1, visibleMs: 10 },
    ]);
  });

  it('forgets everything for a new document', () => {
    const { tracker, advance } = tracked();
    tracker.show(1, true);
    advance(100);
    tracker.reset();
    expect(tracker.flush()).to.deep.equal([]);
    expect(tracker.seen.size).to.equal(0);
    expect(tracker.seenAll(0)).to.equal(false);
  });
});
