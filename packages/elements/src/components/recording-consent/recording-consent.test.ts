import { AirError, type RecordingStatus } from '@aircounter/protocol';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { FakeSession, realLocalTracks } from '../../../test/utils/fake-client.ts';
import '../../define/air-recording-consent.ts';
import type { AirRecordingConsent } from './recording-consent.component.ts';

function part(element: AirRecordingConsent, name: string): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}
const has = (element: AirRecordingConsent, name: string): boolean =>
  element.shadowRoot?.querySelector(`[part~="${name}"]`) != null;
const text = (element: AirRecordingConsent, name: string): string =>
  part(element, name).textContent?.replace(/\s+/g, ' ').trim() ?? '';

const TEXT = {
  en: 'This conversation will be recorded. Do you agree?',
  'zh-Hans': '本次通话将被录音录像。您是否同意？',
} as const;

async function withSession(
  lang: keyof typeof TEXT,
  onDecline: RecordingStatus['onDecline'] = 'continue-unrecorded',
): Promise<{ element: AirRecordingConsent; session: FakeSession }> {
  const session = new FakeSession('s-1', await realLocalTracks());
  session.recording.setStatus({ state: 'idle', since: 1, consentGiven: false, consent: 'pending', onDecline });
  const wrapper = await fixture<HTMLElement>(
    html`<div lang=${lang}>
      <air-recording-consent .session=${session} consent-text-version="v-2026"
        ><p lang=${lang}>${TEXT[lang]}</p></air-recording-consent
      >
    </div>`,
  );
  const element = wrapper.querySelector('air-recording-consent') as AirRecordingConsent;
  await settle(element);
  return { element, session };
}

describe('<air-recording-consent>', () => {
  it('accepts, then withdraws after a confirmation: the recording stops (en)', async () => {
    const { element, session } = await withSession('en');
    const changes = collect(element, 'air-consent-changed');
    expect(text(element, 'accept')).to.equal('I agree to the recording');
    expect(text(element, 'decline')).to.equal('I do not agree');
    await expectAccessible(element, 'pending');

    session.recording.answer({
      state: 'idle',
      since: 2,
      consentGiven: true,
      consent: 'given',
      onDecline: 'continue-unrecorded',
    });
    part(element, 'accept').click();
    await until(() => has(element, 'message'), 'the result');
    expect(session.recording.calls[0]).to.deep.equal({
      method: 'giveConsent',
      args: [{ consentTextVersion: 'v-2026', action: 'button:accept', locale: 'en' }],
    });
    expect(changes.map((event) => event.detail)).to.deep.equal([
      { consent: 'given', onDecline: 'continue-unrecorded' },
    ]);
    expect(element.shadowRoot?.activeElement).to.equal(part(element, 'message'));

    session.recording.setStatus({
      state: 'active',
      recordingId: 'r-1',
      since: 3,
      consentGiven: true,
      consent: 'given',
      onDecline: 'continue-unrecorded',
    });
    await settle(element);
    expect(text(element, 'message')).to.equal('You agreed to the recording. The call is being recorded now.');
    await expectAccessible(element, 'given, recording');

    part(element, 'withdraw').click();
    await settle(element);
    expect(text(element, 'confirm'))
      .to.contain('Stop the recording now?')
      .and.contain('The appointment continues without recording.');
    expect(element.shadowRoot?.activeElement).to.equal(part(element, 'cancel-withdraw'));
    await expectAccessible(element, 'withdraw confirmation');
    part(element, 'cancel-withdraw').click();
    await settle(element);
    expect(session.recording.calls).to.have.length(1);

    part(element, 'withdraw').click();
    await settle(element);
    session.recording.answer({
      state: 'complete',
      recordingId: 'r-1',
      since: 4,
      consentGiven: false,
      consent: 'withdrawn',
      reason: 'consent-withdrawn',
      onDecline: 'continue-unrecorded',
    });
    part(element, 'confirm-withdraw').click();
    await until(() => element.shadowRoot?.querySelector('[data-consent="withdrawn"]') != null, 'withdrawn');
    expect(session.recording.calls[1]).to.deep.equal({
      method: 'withdrawConsent',
      args: [{ action: 'button:withdraw', locale: 'en' }],
    });
    expect(text(element, 'message')).to.contain('You withdrew your consent. The recording has stopped.');
    expect(changes.at(-1)?.detail.consent).to.equal('withdrawn');
    await expectAccessible(element, 'withdrawn');
  });

  it('declines in Chinese, and says the appointment ends when the bank ends such sessions (zh-Hans)', async () => {
    const { element, session } = await withSession('zh-Hans', 'end');
    await until(() => text(element, 'accept') === '我同意录制', 'zh-Hans strings');
    expect(part(element, 'base').getAttribute('lang')).to.equal('zh-Hans');
    await expectAccessible(element, 'zh-Hans pending');
    session.recording.answer({ state: 'idle', since: 2, consentGiven: false, consent: 'declined', onDecline: 'end' });
    part(element, 'decline').click();
    await until(() => has(element, 'message'), 'the result');
    expect(session.recording.calls[0]?.method).to.equal('declineConsent');
    expect(text(element, 'message')).to.equal('您没有同意录制。 没有录制，本次办理无法继续，将立即结束。');
    expect(has(element, 'give-again'), 'no way back when the session ends').to.equal(false);
    await expectAccessible(element, 'zh-Hans declined');
  });

  it('lets a customer who declined agree after all, and reports failures in plain words', async () => {
    const { element, session } = await withSession('en');
    const errors = collect(element, 'air-error');
    session.recording.answer({
      state: 'idle',
      since: 2,
      consentGiven: false,
      consent: 'declined',
      onDecline: 'continue-unrecorded',
    });
    part(element, 'decline').click();
    await until(() => has(element, 'give-again'), 'agree after all');
    expect(text(element, 'message')).to.contain('The appointment continues without recording.');
    session.recording.answer(new AirError('RATE_LIMITED', 'giveConsent: too many requests'));
    part(element, 'give-again').click();
    await until(() => has(element, 'error'), 'the error');
    expect(text(element, 'error')).to.equal('Too many actions in a short time. Please wait a moment and try again.');
    expect(errors.map((event) => event.detail.code)).to.deep.equal(['RATE_LIMITED']);

    session.end('ended', { reason: 'session-ended', code: 'SESSION_ENDED' });
    await settle(element);
    expect((part(element, 'give-again') as HTMLButtonElement).disabled).to.equal(true);
  });
});
