import { expect } from 'chai';
import { html } from 'lit';
import { fixture, settle } from '../../test/utils/dom.ts';
import { smallestTarget } from '../../test/utils/measure.ts';
import '../define/air-liveness-check.ts';
import '../define/air-recording-consent.ts';
import { ELDERLY_ATTRIBUTE, elderlyModeOn, setElderlyMode } from './elderly.ts';

type Elderly = HTMLElement & { elderly: boolean; updateComplete: Promise<boolean> };

const targets = (element: Elderly): number => {
  if (!element.shadowRoot) throw new Error('no shadow root');
  return smallestTarget(element.shadowRoot, 'button');
};

describe('the page-wide elderly mode', () => {
  afterEach(() => setElderlyMode(false));

  it('one switch on the document enlarges every air-* element, and turning it off restores them', async () => {
    const host = await fixture<HTMLDivElement>(
      html`<div><air-liveness-check></air-liveness-check><air-recording-consent></air-recording-consent></div>`,
    );
    const elements = [...host.children] as Elderly[];
    expect(elements.map((element) => element.elderly)).to.deep.equal([false, false]);
    setElderlyMode(true);
    expect(elderlyModeOn()).to.equal(true);
    expect(document.documentElement.hasAttribute(ELDERLY_ATTRIBUTE)).to.equal(true);
    for (const element of elements) await settle(element);
    expect(elements.map((element) => element.elderly)).to.deep.equal([true, true]);
    expect(
      elements.every((element) => element.hasAttribute('elderly')),
      'reflected for the styles',
    ).to.equal(true);
    for (const element of elements) expect(targets(element), element.localName).to.be.at.least(60);
    setElderlyMode(false);
    for (const element of elements) await settle(element);
    expect(elements.map((element) => element.elderly)).to.deep.equal([false, false]);
  });

  it('applies to elements added while it is on, and leaves an element’s own setting alone', async () => {
    setElderlyMode(true);
    const added = await fixture<Elderly>(html`<air-liveness-check></air-liveness-check>`);
    expect(added.elderly).to.equal(true);
    expect(targets(added)).to.be.at.least(60);
    setElderlyMode(false);
    const own = await fixture<Elderly>(html`<air-liveness-check elderly></air-liveness-check>`);
    setElderlyMode(true);
    setElderlyMode(false);
    await settle(own);
    expect(own.elderly, 'set by the page markup, kept').to.equal(true);
  });

  it('reads "off" and "false" as off', () => {
    document.documentElement.setAttribute(ELDERLY_ATTRIBUTE, 'off');
    expect(elderlyModeOn()).to.equal(false);
    document.documentElement.setAttribute(ELDERLY_ATTRIBUTE, '');
    expect(elderlyModeOn()).to.equal(true);
  });
});
