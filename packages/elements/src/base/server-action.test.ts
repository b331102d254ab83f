import { expect } from 'chai';
import type { AirErrorDetail } from '../events/air-error.ts';
import { ServerAction, type ServerActionHost } from './server-action.ts';

/** A host that records its re-renders and the `air-error`s it announces. */
function recordingHost(): ServerActionHost & { updates: number; errors: AirErrorDetail[] } {
  const host = {
    updates: 0,
    errors: [] as AirErrorDetail[],
    requestUpdate() {
      host.updates += 1;
    },
    emit(name: string, detail: unknown) {
      if (name === 'air-error') host.errors.push(detail as AirErrorDetail);
      return new CustomEvent(name, { detail });
    },
  };
  return host as unknown as ServerActionHost & { updates: number; errors: AirErrorDetail[] };
}

describe('ServerAction', () => {
  it('runs one call at a time and shows itself busy while it runs', async () => {
    const host = recordingHost();
    const action = new ServerAction(host);
    let finish = (): void => {};
    let calls = 0;
    const first = action.run(
      () =>
        new Promise<void>((resolve) => {
          calls += 1;
          finish = resolve;
        }),
    );
    expect(action.busy).to.equal(true);
    await action.run(async () => {
      calls += 1;
    });
    expect(calls, 'the second call waits for nobody: it is dropped').to.equal(1);
    finish();
    await first;
    expect(action.busy).to.equal(false);
    expect(action.error).to.equal(undefined);
    expect(host.updates).to.be.at.least(2);
  });

  it('keeps a failure and announces it as air-error; the next call clears it', async () => {
    const host = recordingHost();
    const action = new ServerAction(host);
    await action.run(() => Promise.reject(new Error('boom')));
    expect(action.busy).to.equal(false);
    expect(action.error?.code).to.equal('INTERNAL');
    expect(host.errors).to.deep.equal([action.error]);
    await action.run(async () => {});
    expect(action.error).to.equal(undefined);
  });

  it('keeps and announces a failure of a call made outside run()', () => {
    const host = recordingHost();
    const action = new ServerAction(host);
    action.fail(new Error('refused'));
    expect(action.error?.code).to.equal('INTERNAL');
    expect(host.errors).to.have.length(1);
    expect(action.busy).to.equal(false);
  });
});
