import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { FakeClient } from '../../../test/utils/fake-client.ts';
import '../../define/air-session.ts';
import '../../define/air-video-session.ts';
import type { AirVideoSession } from '../video-session/video-session.component.ts';
import type { AirSession } from './session.component.ts';

const status = (element: AirVideoSession): string =>
  element.shadowRoot?.querySelector('[part~="status"]')?.textContent?.trim() ?? '';

describe('<air-session>', () => {
  it('renders its defaults: only its children, no session', async () => {
    const element = await fixture<AirSession>(html`<air-session><p>child</p></air-session>`);
    expect(element.client).to.equal(undefined);
    expect(element.sessionId).to.equal(undefined);
    expect(element.textContent).to.equal('child');
    expect(getComputedStyle(element).display).to.equal('contents');
    await expectAccessible(element);
  });

  it('joins once and shares the session with the elements inside', async () => {
    const client = new FakeClient();
    client.manual = true;
    const joined = collect(document, 'air-session-joined');
    const provider = await fixture<AirSession>(
      html`<air-session .client=${client} session-id="s-9" display-name="Lin"
        ><air-video-session></air-video-session
      ></air-session>`,
    );
    const view = provider.querySelector('air-video-session') as AirVideoSession;
    await settle(view);
    expect(status(view)).to.equal('Connecting…');

    await until(() => client.sessions.length === 1, 'join');
    client.completeJoin();
    await until(() => status(view) === 'Connected', 'the inner element to see the session');
    expect(client.joins).to.deep.equal([{ sessionId: 's-9', displayName: 'Lin' }]);
    // The provider owns the session and announces it; the view does not repeat it.
    expect(joined.map((e) => e.target)).to.deep.equal([provider]);
    await expectAccessible(provider, 'air-session with a video session');
  });

  it('keeps the session when an inner element is removed, leaves it when removed itself', async () => {
    const client = new FakeClient();
    const provider = await fixture<AirSession>(
      html`<air-session .client=${client} session-id="s-1"><air-video-session></air-video-session></air-session>`,
    );
    const view = provider.querySelector('air-video-session') as AirVideoSession;
    await until(() => status(view) === 'Connected', 'connected');
    const session = client.sessions[0];
    view.remove();
    await settle(provider);
    expect(session?.calls.filter((c) => c.method === 'leave')).to.have.length(0);
    expect(session?.localTracks.camera?.readyState).to.equal('live');

    const ended = collect(provider, 'air-session-ended');
    provider.remove();
    expect(session?.localTracks.camera?.readyState).to.equal('ended');
    expect(session?.localTracks.microphone?.readyState).to.equal('ended');
    await until(() => session?.state === 'ended', 'left');
    expect(session?.calls.filter((c) => c.method === 'leave')).to.have.length(1);
    // The element unsubscribed as it went: nothing is announced from a detached element.
    expect(ended).to.have.length(0);
  });

  it('reports a failed join with air-error and shows it inside', async () => {
    const client = new FakeClient();
    client.manual = true;
    const provider = await fixture<AirSession>(
      html`<air-session .client=${client} session-id="s-1"><air-video-session></air-video-session></air-session>`,
    );
    const errors = collect(provider, 'air-error');
    await until(() => client.sessions.length === 1, 'join');
    const { AirError } = await import('@aircounter/protocol');
    client.failJoin(new AirError('SESSION_NOT_FOUND', 'no such session'));
    await until(() => errors.length === 1, 'air-error');
    expect(errors[0]?.detail.code).to.equal('SESSION_NOT_FOUND');
    const view = provider.querySelector('air-video-session') as AirVideoSession;
    await until(() => status(view).includes('SESSION_NOT_FOUND'), 'the error inside');
  });
});
