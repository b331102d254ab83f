import { AirError } from '@aircounter/protocol';
import { expect } from 'chai';
import { html } from 'lit';
import { fixture, settle } from '../../test/utils/dom.ts';
import { FakeSession, realLocalTracks } from '../../test/utils/fake-client.ts';
import '../define/air-recording-consent.ts';
import type { AirRecordingConsent } from '../components/recording-consent/recording-consent.component.ts';
import { loadTranslation, setTextOverrides, type Locale, type TextOverrides } from './localize.ts';

// The bank's own wording: setTextOverrides() changes the strings of one
// locale in every element on the page, at once and for elements made later.

async function consent(lang: Locale): Promise<AirRecordingConsent> {
  const session = new FakeSession('s-1', await realLocalTracks());
  session.recording.setStatus({
    state: 'idle',
    since: 1,
    consentGiven: false,
    consent: 'pending',
    onDecline: 'continue-unrecorded',
  });
  const wrapper = await fixture<HTMLElement>(
    html`<div lang=${lang}>
      <air-recording-consent .session=${session}><p>…</p></air-recording-consent>
    </div>`,
  );
  const element = wrapper.querySelector('air-recording-consent') as AirRecordingConsent;
  // The locale's strings load on first use; on a busy machine that can outlast the first render.
  await loadTranslation(lang);
  await settle(element);
  return element;
}

function accept(element: AirRecordingConsent): string {
  return element.shadowRoot?.querySelector('[part~="accept"]')?.textContent?.trim() ?? '';
}

function refusal(texts: TextOverrides, locale: Locale = 'en'): string {
  try {
    setTextOverrides(locale, texts);
  } catch (error: unknown) {
    if (error instanceof AirError) return error.code;
    throw error;
  }
  return 'applied';
}

describe('setTextOverrides', () => {
  afterEach(() => {
    for (const locale of ['en', 'zh-Hans', 'zh-Hant'] as const) setTextOverrides(locale, {});
  });

  it('puts the bank’s wording into elements already shown and made later, in that locale only', async () => {
    const english = await consent('en');
    const chinese = await consent('zh-Hans');
    const before = accept(chinese);
    setTextOverrides('en', { 'consent.accept': 'Yes, record this call' });
    await settle(english);
    await settle(chinese);
    expect(accept(english)).to.equal('Yes, record this call');
    expect(accept(chinese)).to.equal(before);
    expect(accept(await consent('en'))).to.equal('Yes, record this call');
  });

  it('goes back to the shipped wording when the overrides are cleared', async () => {
    const element = await consent('zh-Hans');
    const shipped = accept(element);
    setTextOverrides('zh-Hans', { 'consent.accept': '同意录音录像' });
    await settle(element);
    expect(accept(element)).to.equal('同意录音录像');
    setTextOverrides('zh-Hans', {});
    await settle(element);
    expect(accept(element)).to.equal(shipped);
  });

  it('refuses an unknown key, an empty text or a placeholder the string does not fill, and applies nothing', async () => {
    const element = await consent('en');
    const shipped = accept(element);
    expect(refusal({ 'consent.acept': 'typo' } as TextOverrides)).to.equal('INVALID_PARAMS');
    expect(refusal({ 'consent.accept': '  ' })).to.equal('INVALID_PARAMS');
    expect(refusal({ 'consent.accept': 'OK', 'common.connectionQuality': 'Link {speed}' })).to.equal('INVALID_PARAMS');
    expect(refusal({ 'consent.accept': 'OK' }, 'fr' as Locale)).to.equal('INVALID_PARAMS');
    await settle(element);
    expect(accept(element)).to.equal(shipped);
    // Leaving a placeholder out is allowed.
    expect(refusal({ 'common.connectionQuality': 'Connection' })).to.equal('applied');
  });
});
