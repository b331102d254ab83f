import { expect } from 'chai';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { until } from '../../test/utils/dom.ts';
import { Ticker } from './ticker.ts';

/** A host that counts its re-renders. */
function countingHost(): ReactiveControllerHost & { updates: number } {
  return {
    updates: 0,
    addController(_controller: ReactiveController) {},
    removeController(_controller: ReactiveController) {},
    requestUpdate() {
      this.updates += 1;
    },
    updateComplete: Promise.resolve(true),
  };
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Ticker', () => {
  it('re-renders its host once a second while it runs, with one timer however often it is started', async () => {
    const host = countingHost();
    const ticker = new Ticker(host);
    ticker.run();
    ticker.run(true);
    await until(() => host.updates >= 1, 'the first tick', 3_000);
    await wait(300);
    expect(host.updates).to.equal(1);
    ticker.stop();
  });

  it('stops with run(false), stop() and when the host leaves the page', async () => {
    const host = countingHost();
    const ticker = new Ticker(host);
    ticker.run();
    ticker.run(false);
    ticker.run();
    ticker.stop();
    ticker.run();
    ticker.hostDisconnected();
    await wait(1_300);
    expect(host.updates).to.equal(0);
  });
});
