import { expect } from 'chai';
import '../test/utils/dom.ts';

// Importing the package entry point must register nothing: a bank app that
// only wants the classes (or its own tag names) must not get ours as a side
// effect. Only the modules in define/ register tags.
describe('@aircounter/elements entry point', () => {
  it('exports the element classes and defines no tag', async () => {
    const entry = await import('./index.ts');
    expect(entry.AirVideoSession).to.be.a('function');
    expect(entry.AirSession).to.be.a('function');
    expect(entry.AirJourney).to.be.a('function');
    expect(entry.AirScriptPrompter).to.be.a('function');
    expect(entry.AirCaptions).to.be.a('function');
    expect(entry.AirRiskQuestionnaire).to.be.a('function');
    expect(entry.AirDocumentViewer).to.be.a('function');
    expect(entry.AirSignatureWitness).to.be.a('function');
    for (const tag of [
      'air-video-session',
      'air-session',
      'air-journey',
      'air-script-prompter',
      'air-captions',
      'air-risk-questionnaire',
      'air-document-viewer',
      'air-signature-witness',
    ]) {
      expect(customElements.get(tag), tag).to.equal(undefined);
    }
  });

  it('registers a tag only through its define module', async () => {
    await import('./define/air-session.ts');
    expect(customElements.get('air-session')).to.be.a('function');
    expect(customElements.get('air-video-session')).to.equal(undefined);
  });

  it('declares the version of package.json', async () => {
    const { VERSION } = await import('./index.ts');
    const response = await fetch(new URL('../package.json', import.meta.url));
    const manifest = (await response.json()) as { version: string };
    expect(VERSION).to.equal(manifest.version);
  });
});
