import { AirError } from '@aircounter/protocol';
import { sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { FakeClient, FakeSession, realLocalTracks } from '../../../test/utils/fake-client.ts';
import '../../define/air-video-session.ts';
import type { AirVideoSession } from './video-session.component.ts';

function part(element: AirVideoSession, name: string): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

function parts(element: AirVideoSession, name: string): HTMLElement[] {
  return [...(element.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${name}"]`) ?? [])];
}

const status = (element: AirVideoSession): string => part(element, 'status').textContent?.trim() ?? '';
const button = (element: AirVideoSession, name: string): HTMLButtonElement => part(element, name) as HTMLButtonElement;

async function withSession(): Promise<{ element: AirVideoSession; session: FakeSession }> {
  const session = new FakeSession('s-1', await realLocalTracks());
  const element = await fixture<AirVideoSession>(html`<air-video-session .session=${session}></air-video-session>`);
  return { element, session };
}

describe('<air-video-session>', () => {
  it('renders its defaults without a session', async () => {
    const element = await fixture<AirVideoSession>(html`<air-video-session></air-video-session>`);
    expect(element.elderly).to.equal(false);
    expect(element.hasAttribute('elderly')).to.equal(false);
    expect(status(element)).to.equal('Not connected');
    expect(part(element, 'status').getAttribute('role')).to.equal('status');
    for (const name of ['mute-microphone', 'mute-camera', 'hang-up'])
      expect(button(element, name).disabled).to.equal(true);
    expect(parts(element, 'local-video')).to.have.length(0);
    await expectAccessible(element);
  });

  it('joins with a client and a session id, announcing the states', async () => {
    const client = new FakeClient();
    client.manual = true;
    const joined = collect(document, 'air-session-joined');
    const element = await fixture<AirVideoSession>(
      html`<air-video-session .client=${client} session-id="s-42" display-name="Ada"></air-video-session>`,
    );
    expect(status(element)).to.equal('Connecting…');
    await expectAccessible(element, 'connecting');
    await until(() => client.sessions.length === 1, 'join');
    client.completeJoin();
    await until(() => joined.length === 1, 'air-session-joined');
    await settle(element);

    expect(client.joins).to.deep.equal([{ sessionId: 's-42', displayName: 'Ada' }]);
    expect(joined[0]?.detail).to.deep.equal({ sessionId: 's-42', peerId: 'customer-1', role: 'customer' });
    expect(joined[0]?.bubbles && joined[0]?.composed).to.equal(true);
    expect(status(element)).to.equal('Connected');
    const preview = part(element, 'local-video') as HTMLVideoElement;
    expect((preview.srcObject as MediaStream).getVideoTracks()[0]).to.equal(client.sessions[0]?.localTracks.camera);
    expect(preview.muted).to.equal(true);
    await expectAccessible(element, 'connected');
  });

  it('shows a failed join as an error and fires air-error', async () => {
    const client = new FakeClient();
    client.manual = true;
    const errors = collect(document, 'air-error');
    const element = await fixture<AirVideoSession>(
      html`<air-video-session .client=${client} session-id="s-1"></air-video-session>`,
    );
    await until(() => client.sessions.length === 1, 'join');
    client.failJoin(new AirError('AUTH_EXPIRED_TOKEN', 'token expired'));
    await until(() => errors.length === 1, 'air-error');
    await settle(element);
    expect(errors[0]?.detail).to.deep.equal({
      code: 'AUTH_EXPIRED_TOKEN',
      recoverable: false,
      message: 'token expired',
    });
    expect(status(element)).to.contain('The call could not continue').and.contain('AUTH_EXPIRED_TOKEN');
    await expectAccessible(element, 'error');
  });

  it('shows participants with name, role and a quality indicator in icon and text', async () => {
    const { element, session } = await withSession();
    const joined = collect(element, 'air-participant-joined');
    const left = collect(element, 'air-participant-left');
    expect(part(element, 'waiting').textContent).to.contain('Waiting for the other participant');

    session.addParticipant('agent-7', 'Grace');
    session.setQuality('agent-7', 'poor', 2);
    await settle(element);
    expect(joined.map((e) => e.detail)).to.deep.equal([{ peerId: 'agent-7', displayName: 'Grace', role: 'agent' }]);
    const tile = part(element, 'participant');
    expect(tile.querySelector('[part~="participant-name"]')?.textContent).to.equal('Grace');
    expect(tile.textContent).to.contain('Agent');
    const quality = part(element, 'quality');
    expect(quality.textContent?.trim()).to.equal('Connection: poor');
    expect(quality.querySelector('svg')?.getAttribute('aria-hidden')).to.equal('true');
    const video = part(element, 'remote-video') as HTMLVideoElement;
    expect((video.srcObject as MediaStream).getTracks()).to.have.length(2);
    expect(video.getAttribute('aria-label')).to.equal('Video of Grace');

    session.muteRemote('agent-7', 'microphone', true);
    await settle(element);
    expect(part(element, 'remote-muted').textContent).to.contain('Grace muted their microphone');
    await expectAccessible(element, 'with a participant');

    session.removeParticipant('agent-7', 'disconnected');
    await settle(element);
    expect(left.map((e) => e.detail)).to.deep.equal([
      { peerId: 'agent-7', displayName: 'Grace', reason: 'disconnected' },
    ]);
    expect(parts(element, 'participant')).to.have.length(0);
  });

  it('shows media of a session that already has participants when it is bound (no later event)', async () => {
    // A session joined elsewhere (e.g. by <air-session>) may have finished
    // receiving everything before this element binds: nothing else will fire.
    const session = new FakeSession('s-2', await realLocalTracks());
    session.addParticipant('agent-8', 'Ada');
    const element = await fixture<AirVideoSession>(html`<air-video-session .session=${session}></air-video-session>`);
    await settle(element);
    const video = part(element, 'remote-video') as HTMLVideoElement;
    expect(video.srcObject, 'remote stream').to.be.instanceOf(MediaStream);
    expect((video.srcObject as MediaStream).getTracks()).to.have.length(2);
    const local = part(element, 'local-video') as HTMLVideoElement;
    expect((local.srcObject as MediaStream).getVideoTracks()).to.have.length(1);
  });

  it('announces reconnecting and ended states in the live region', async () => {
    const { element, session } = await withSession();
    session.setState('reconnecting');
    await settle(element);
    expect(status(element)).to.equal('Connection lost. Reconnecting…');
    expect(part(element, 'status').getAttribute('aria-live')).to.equal('polite');
    await expectAccessible(element, 'reconnecting');
    session.setState('ended');
    await settle(element);
    expect(status(element)).to.equal('The call has ended');
    expect(button(element, 'hang-up').disabled).to.equal(true);
    await expectAccessible(element, 'ended');
  });

  it('mutes and unmutes the microphone and camera with aria-pressed and air-mute-changed', async () => {
    const { element, session } = await withSession();
    const changes = collect(element, 'air-mute-changed');
    const microphone = button(element, 'mute-microphone');
    expect(microphone.getAttribute('aria-pressed')).to.equal('false');
    expect(microphone.textContent?.trim()).to.equal('Mute microphone');

    microphone.click();
    await until(() => changes.length === 1, 'air-mute-changed');
    await settle(element);
    expect(microphone.getAttribute('aria-pressed')).to.equal('true');
    expect(session.localTracks.microphone?.enabled).to.equal(false);

    button(element, 'mute-camera').click();
    await until(() => changes.length === 2, 'second air-mute-changed');
    microphone.click();
    await until(() => changes.length === 3, 'third air-mute-changed');
    await settle(element);
    expect(changes.map((e) => e.detail)).to.deep.equal([
      { source: 'microphone', muted: true },
      { source: 'camera', muted: true },
      { source: 'microphone', muted: false },
    ]);
    expect(button(element, 'mute-camera').getAttribute('aria-pressed')).to.equal('true');
    expect(microphone.getAttribute('aria-pressed')).to.equal('false');
  });

  it('works from the keyboard: Tab reaches the controls, Space toggles', async () => {
    const { element, session } = await withSession();
    const changes = collect(element, 'air-mute-changed');
    button(element, 'mute-microphone').focus();
    await sendKeys({ press: 'Space' });
    await until(() => changes.length === 1, 'mute by Space');
    await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot?.activeElement).to.equal(button(element, 'mute-camera'));
    await sendKeys({ press: 'Enter' });
    await until(() => changes.length === 2, 'camera by Enter');
    expect(session.calls.map((c) => c.args)).to.deep.equal([
      ['microphone', true],
      ['camera', true],
    ]);
  });

  it('reports a failed mute as air-error', async () => {
    const { element, session } = await withSession();
    session.failMuteWith = new AirError('CONNECTION_LOST', 'offline');
    const errors = collect(element, 'air-error');
    button(element, 'mute-camera').click();
    await until(() => errors.length === 1, 'air-error');
    expect(errors[0]?.detail).to.deep.equal({ code: 'CONNECTION_LOST', recoverable: true, message: 'offline' });
  });

  it('fires air-error for errors the session reports', async () => {
    const { element, session } = await withSession();
    const errors = collect(element, 'air-error');
    session.emit('error', new AirError('CANNOT_CONSUME', 'codec'));
    expect(errors.map((e) => e.detail)).to.deep.equal([
      { code: 'CANNOT_CONSUME', recoverable: true, message: 'codec' },
    ]);
  });

  it('with no-hang-up-confirm, air-request-hang-up respects preventDefault()', async () => {
    const { element, session } = await withSession();
    element.noHangUpConfirm = true;
    await settle(element);
    const requests = collect(element, 'air-request-hang-up');
    const ended = collect(element, 'air-session-ended');
    const keepCall = (event: Event): void => event.preventDefault();
    element.addEventListener('air-request-hang-up', keepCall);
    button(element, 'hang-up').click();
    expect(requests).to.have.length(1);
    expect(requests[0]?.cancelable).to.equal(true);
    expect(requests[0]?.detail).to.deep.equal({ sessionId: 's-1' });
    await settle(element);
    expect(session.calls.filter((c) => c.method === 'leave')).to.have.length(0);
    expect(session.state).to.equal('connected');

    element.removeEventListener('air-request-hang-up', keepCall);
    button(element, 'hang-up').click();
    await until(() => ended.length === 1, 'air-session-ended');
    await settle(element);
    expect(ended[0]?.detail).to.deep.equal({ reason: 'left' });
    expect(session.calls.filter((c) => c.method === 'leave')).to.have.length(1);
    expect(status(element)).to.equal('The call has ended');
  });

  it('confirms a hang-up, then offers to rejoin (en)', async () => {
    const { element, session } = await withSession();
    session.addParticipant('agent-7', 'Grace');
    session.setQuality('agent-7', 'good', 10);
    await settle(element);
    const requests = collect(element, 'air-request-hang-up');
    button(element, 'hang-up').click();
    await settle(element);
    expect(requests, 'nothing is requested before the confirmation').to.have.length(0);
    const confirm = part(element, 'hang-up-confirm');
    expect(confirm.textContent).to.contain('Leave the appointment?');
    expect(element.shadowRoot?.activeElement).to.equal(part(element, 'cancel-hang-up'));
    await expectAccessible(element, 'hang-up confirmation');

    // Stay: nothing happens, focus returns to the hang-up button.
    part(element, 'cancel-hang-up').click();
    await settle(element);
    expect(parts(element, 'hang-up-confirm')).to.have.length(0);
    expect(element.shadowRoot?.activeElement).to.equal(button(element, 'hang-up'));
    expect(session.calls.filter((c) => c.method === 'leave')).to.have.length(0);

    // Escape also keeps the call.
    button(element, 'hang-up').click();
    await settle(element);
    part(element, 'cancel-hang-up').focus();
    await sendKeys({ press: 'Escape' });
    await settle(element);
    expect(parts(element, 'hang-up-confirm')).to.have.length(0);

    button(element, 'hang-up').click();
    await settle(element);
    part(element, 'confirm-hang-up').click();
    await until(() => session.state === 'ended', 'left');
    await settle(element);
    expect(requests).to.have.length(1);
    expect(part(element, 'ended').textContent).to.contain('You left the call');
    expect(parts(element, 'quality'), 'no stale connection tiles').to.have.length(0);
    expect(element.shadowRoot?.textContent).not.to.contain('Connection: good');
    expect(element.shadowRoot?.activeElement).to.equal(part(element, 'rejoin'));
    for (const name of ['mute-microphone', 'mute-camera', 'hang-up'])
      expect(button(element, name).disabled).to.equal(true);
    await expectAccessible(element, 'left, rejoin offered');

    // The page rejoins (the session was handed in) and hands the new session over.
    const rejoins = collect(element, 'air-request-rejoin');
    element.addEventListener('air-request-rejoin', (event) => event.preventDefault(), { once: true });
    part(element, 'rejoin').click();
    expect(rejoins.map((event) => event.detail)).to.deep.equal([{ sessionId: 's-1' }]);
    element.session = new FakeSession('s-1', await realLocalTracks());
    await settle(element);
    expect(parts(element, 'ended')).to.have.length(0);
    expect(status(element)).to.equal('Connected');
    expect(button(element, 'hang-up').disabled).to.equal(false);
  });

  it('rejoins by itself when it joined with a client, in Chinese (zh-Hans)', async () => {
    const client = new FakeClient();
    const element = await fixture<AirVideoSession>(
      html`<air-video-session lang="zh-Hans" .client=${client} session-id="s-9"></air-video-session>`,
    );
    await until(() => client.sessions.length === 1, 'join');
    await settle(element);
    button(element, 'hang-up').click();
    await settle(element);
    await until(
      () => part(element, 'hang-up-confirm').textContent?.includes('要离开本次视频办理吗') === true,
      'zh-Hans',
    );
    await expectAccessible(element, 'zh-Hans hang-up confirmation');
    part(element, 'confirm-hang-up').click();
    await until(() => parts(element, 'rejoin').length === 1, 'rejoin offered');
    expect(part(element, 'ended').textContent).to.contain('您已离开通话');
    await expectAccessible(element, 'zh-Hans left');
    part(element, 'rejoin').click();
    await until(() => client.sessions.length === 2, 'a second join');
    await until(() => status(element) === '已连接', 'connected again');
    expect(client.joins.map((join) => join.sessionId)).to.deep.equal(['s-9', 's-9']);
  });

  it('tells the customer in plain words when the server lost the session, and offers no dead end', async () => {
    const { element, session } = await withSession();
    session.addParticipant('agent-7', 'Grace');
    session.setQuality('agent-7', 'good', 10);
    session.end('error', { reason: 'error', code: 'SESSION_NOT_FOUND' }, new AirError('SESSION_NOT_FOUND', 'gone'));
    await settle(element);
    expect(part(element, 'ended').textContent).to.contain('This appointment is no longer available');
    expect(parts(element, 'rejoin'), 'rejoining cannot help').to.have.length(0);
    expect(parts(element, 'participant')).to.have.length(0);
    for (const name of ['mute-microphone', 'mute-camera', 'hang-up'])
      expect(button(element, name).disabled).to.equal(true);
    await expectAccessible(element, 'session lost');
  });

  it('counts down while reconnecting and says what happens to the recording', async () => {
    const { element, session } = await withSession();
    element.reconnectWindowMs = 20_000;
    session.setState('reconnecting');
    await settle(element);
    const reconnecting = part(element, 'reconnecting');
    expect(reconnecting.textContent).to.contain('00:20').and.contain('the gap is marked in the record');
    expect(reconnecting.querySelector('[role="timer"]')).not.to.equal(null);
    await until(() => /00:1\d/.test(part(element, 'reconnecting').textContent ?? ''), 'the countdown', 5_000);
    await expectAccessible(element, 'reconnecting countdown');
    session.end('error', { reason: 'error', code: 'CONNECTION_LOST' }, new AirError('CONNECTION_LOST', 'no network'));
    await settle(element);
    expect(parts(element, 'reconnecting')).to.have.length(0);
    expect(part(element, 'ended').textContent).to.contain('We could not reconnect');
    expect(parts(element, 'rejoin')).to.have.length(1);
  });

  it('switches strings with the lang attribute (own, ancestor, document)', async () => {
    const { element } = await withSession();
    expect(button(element, 'hang-up').textContent?.trim()).to.equal('Hang up');

    element.setAttribute('lang', 'zh-Hans');
    await until(() => button(element, 'hang-up').textContent?.trim() === '挂断', 'zh-Hans strings');
    expect(status(element)).to.equal('已连接');
    expect(part(element, 'base').getAttribute('lang')).to.equal('zh-Hans');

    element.removeAttribute('lang');
    element.parentElement?.setAttribute('lang', 'zh-TW');
    await until(() => button(element, 'hang-up').textContent?.trim() === '掛斷', 'zh-Hant strings from an ancestor');

    element.parentElement?.removeAttribute('lang');
    document.documentElement.setAttribute('lang', 'en-GB');
    await until(() => button(element, 'hang-up').textContent?.trim() === 'Hang up', 'English from the document');
    element.setAttribute('lang', 'zh-Hant');
    await until(() => status(element) === '已連線', 'zh-Hant state');
    await expectAccessible(element, 'zh-Hant');
  });

  it('offers an elderly mode with larger text and targets of at least 60 px', async () => {
    const { element } = await withSession();
    const normalSize = parseFloat(getComputedStyle(button(element, 'hang-up')).fontSize);
    element.elderly = true;
    await settle(element);
    expect(element.hasAttribute('elderly')).to.equal(true);
    for (const name of ['mute-microphone', 'mute-camera', 'hang-up']) {
      const box = button(element, name).getBoundingClientRect();
      expect(box.height, `${name} height`).to.be.at.least(60);
      expect(box.width, `${name} width`).to.be.at.least(60);
    }
    expect(parseFloat(getComputedStyle(button(element, 'hang-up')).fontSize)).to.be.greaterThan(normalSize);
    await expectAccessible(element, 'elderly');
  });

  it('leaves the session and releases camera and microphone when removed', async () => {
    const { element, session } = await withSession();
    const { camera, microphone } = session.localTracks;
    expect(camera?.readyState).to.equal('live');
    expect(microphone?.readyState).to.equal('live');
    expect(session.listenerCount()).to.be.greaterThan(0);
    element.remove();
    // Synchronously: the devices go off while the element goes, not after a round trip.
    expect(camera?.readyState).to.equal('ended');
    expect(microphone?.readyState).to.equal('ended');
    expect(session.calls.filter((c) => c.method === 'leave')).to.have.length(1);
    expect(session.listenerCount()).to.equal(0);
  });

  it('leaves a session that finishes joining after the element was removed', async () => {
    const client = new FakeClient();
    client.manual = true;
    const element = await fixture<AirVideoSession>(
      html`<air-video-session .client=${client} session-id="s-1"></air-video-session>`,
    );
    await until(() => client.sessions.length === 1, 'join');
    element.remove();
    client.completeJoin();
    const session = client.sessions[0];
    await until(() => session?.calls.some((c) => c.method === 'leave') === true, 'leave after late join');
    await until(() => session?.localTracks.camera?.readyState === 'ended', 'camera released');
    expect(session?.localTracks.microphone?.readyState).to.equal('ended');
  });
});
