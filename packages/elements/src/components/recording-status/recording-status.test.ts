import { AirError, type RecordingStatus, type TrackCoverage } from '@aircounter/protocol';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { FakeSession, realLocalTracks } from '../../../test/utils/fake-client.ts';
import '../../define/air-recording-status.ts';
import type { AirRecordingStatus } from './recording-status.component.ts';
import { formatElapsed } from './coverage-text.ts';

function part(element: AirRecordingStatus, name: string): HTMLElement | null {
  return element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
}
const text = (element: AirRecordingStatus, name: string): string =>
  part(element, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const toggle = (element: AirRecordingStatus): HTMLButtonElement => part(element, 'toggle') as HTMLButtonElement;

function track(overrides: Partial<TrackCoverage>): TrackCoverage {
  return {
    peerId: 'customer-1',
    role: 'customer',
    source: 'camera',
    recorded: true,
    since: Date.now(),
    sinceMediaTimeMs: 0,
    ...overrides,
  };
}

function active(coverage: TrackCoverage[] = []): RecordingStatus {
  return {
    state: 'active',
    recordingId: 'rec-1',
    since: Date.now() - 60_000,
    consentGiven: true,
    consent: 'given',
    coverage,
  };
}

async function withSession(
  lang = 'en',
  controls = true,
): Promise<{ element: AirRecordingStatus; session: FakeSession }> {
  const session = new FakeSession('s-1', await realLocalTracks(), { peerId: 'agent-1', role: 'agent' });
  const element = await fixture<AirRecordingStatus>(
    html`<div lang=${lang}>
      <air-recording-status .session=${session} ?controls=${controls}></air-recording-status>
    </div>`,
  ).then((wrapper) => wrapper.querySelector('air-recording-status') as AirRecordingStatus);
  await element.updateComplete;
  await settle(element);
  return { element, session };
}

describe('<air-recording-status>', () => {
  it('formats elapsed time as mm:ss, and h:mm:ss from an hour on', () => {
    expect(formatElapsed(12_400)).to.equal('00:12');
    expect(formatElapsed(-5)).to.equal('00:00');
    expect(formatElapsed(3_725_000)).to.equal('1:02:05');
  });

  it('shows the recording states and enables start only once the customer consented', async () => {
    const { element, session } = await withSession();
    expect(text(element, 'badge')).to.equal('Not recording');
    expect(text(element, 'consent')).to.equal('Customer consent: not yet given');
    expect(toggle(element).disabled).to.equal(true);
    await expectAccessible(element, 'idle');

    session.recording.setStatus({ state: 'idle', since: 1, consentGiven: true, consent: 'given' });
    await settle(element);
    expect(toggle(element).disabled).to.equal(false);
    expect(toggle(element).textContent?.trim()).to.equal('Start recording');

    session.recording.answer(active());
    toggle(element).click();
    await until(() => text(element, 'badge') === '● Recording', 'active badge');
    expect(session.recording.calls.map((call) => call.method)).to.deep.equal(['start']);
    expect(toggle(element).textContent?.trim()).to.equal('Stop recording');
    expect(part(element, 'badge')?.dataset['state']).to.equal('active');
    await expectAccessible(element, 'active');
  });

  it('warns at once, with a live counter, when the customer is no longer recorded (en)', async () => {
    const { element, session } = await withSession();
    session.recording.setStatus(active([track({ source: 'microphone' }), track({})]));
    await settle(element);
    expect(part(element, 'banner')).to.equal(null);

    const since = Date.now() - 12_000;
    session.recording.setStatus(
      active([
        track({ source: 'microphone', recorded: false, since, cause: 'network' }),
        track({ recorded: false, since, cause: 'network' }),
      ]),
    );
    await settle(element);
    expect(text(element, 'badge')).to.equal('Customer not recorded since 00:12');
    expect(part(element, 'badge')?.dataset['coverage']).to.equal('partial');
    expect(text(element, 'banner'))
      .to.contain('Customer (microphone, camera) not recorded since 00:12')
      .and.contain('connection problem');
    expect(part(element, 'elapsed')?.getAttribute('role')).to.equal('timer');
    const alert = element.shadowRoot?.querySelector('.visually-hidden[role="alert"]');
    expect(alert?.textContent).to.equal(
      'Warning: Customer (microphone, camera) is no longer being recorded (connection problem).',
    );
    await expectAccessible(element, 'customer not recorded');
    await until(() => text(element, 'badge') === 'Customer not recorded since 00:13', 'the counter to tick', 3_000);

    session.recording.setStatus(active([track({ source: 'microphone' }), track({})]));
    await settle(element);
    expect(part(element, 'banner')).to.equal(null);
    expect(text(element, 'badge')).to.equal('● Recording');
    expect(part(element, 'badge')?.getAttribute('role')).to.equal('status');
    expect(element.shadowRoot?.querySelector('[role="alert"]')?.textContent, 'the warning is withdrawn').to.equal('');
  });

  it('warns in Chinese with the lang of its text (zh-Hans)', async () => {
    const { element, session } = await withSession('zh-Hans');
    session.recording.setStatus(active([track({ recorded: false, since: Date.now() - 5_000, cause: 'camera-off' })]));
    await until(() => text(element, 'badge').startsWith('客户未被录制'), 'zh-Hans badge');
    expect(text(element, 'badge')).to.equal('客户未被录制，已持续 00:05');
    expect(text(element, 'banner')).to.contain('摄像头已关闭');
    expect(part(element, 'base')?.getAttribute('lang')).to.equal('zh-Hans');
    await expectAccessible(element, 'zh-Hans not recorded');
  });

  it('never shows a stale "Recording" or an enabled control once the session is lost', async () => {
    const { element, session } = await withSession();
    session.recording.setStatus(active([track({ recorded: false, since: Date.now() - 3_000, cause: 'network' })]));
    await settle(element);
    expect(toggle(element).disabled).to.equal(false);
    session.end('error', { reason: 'error', code: 'SESSION_NOT_FOUND' }, new AirError('SESSION_NOT_FOUND', 'gone'));
    await settle(element);
    expect(text(element, 'badge')).to.equal('Not recording: the session is over');
    expect(part(element, 'badge')?.dataset['state']).to.equal('over');
    expect(part(element, 'banner')).to.equal(null);
    expect(toggle(element).disabled).to.equal(true);
    expect(element.shadowRoot?.textContent).not.to.contain('● Recording');
    await expectAccessible(element, 'session over');
  });

  it('explains refusals in plain words and fires air-error', async () => {
    const { element, session } = await withSession();
    const errors = collect(element, 'air-error');
    session.recording.setStatus({ ...active(), state: 'complete', since: Date.now() });
    await settle(element);
    session.recording.answer(new AirError('RECORDING_ALREADY_ACTIVE', 'startRecording: recording rmx-1 is active'));
    toggle(element).click();
    await until(() => part(element, 'error') !== null, 'the error text');
    expect(text(element, 'error')).to.equal('The recording is already running.');
    expect(errors.map((event) => event.detail.code)).to.deep.equal(['RECORDING_ALREADY_ACTIVE']);

    session.recording.setStatus({
      state: 'complete',
      since: Date.now() + 1,
      consentGiven: false,
      consent: 'withdrawn',
      reason: 'consent-withdrawn',
    });
    await settle(element);
    expect(text(element, 'badge')).to.equal('Recording stopped: the customer withdrew consent');
    expect(text(element, 'consent')).to.equal('Customer consent: withdrawn');
    expect(toggle(element).disabled).to.equal(true);
    await expectAccessible(element, 'withdrawn');
  });
});
