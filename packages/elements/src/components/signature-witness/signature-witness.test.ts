import type { SignatureCanvas, SignatureStroke } from '@aircounter/protocol';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import { smallestTarget } from '../../../test/utils/measure.ts';
import '../../define/air-signature-witness.ts';
import type { AirSignatureWitness } from './signature-witness.component.ts';

function part<T extends HTMLElement = HTMLElement>(element: AirSignatureWitness, name: string): T {
  const found = element.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

const button = (element: AirSignatureWitness, name: string): HTMLButtonElement =>
  part<HTMLButtonElement>(element, name);

/** The part that has focus inside the element, by name ('' when none): parts compare as strings, not nodes. */
const focusedPart = (element: AirSignatureWitness): string =>
  element.shadowRoot?.activeElement?.getAttribute('part') ?? '';

const status = (element: AirSignatureWitness): string => part(element, 'status').textContent?.trim() ?? '';

/** A straight stroke from (x0, y0) to (x1, y1) in `steps` segments, as a pad records it. */
function line(x0: number, y0: number, x1: number, y1: number, steps = 20): SignatureStroke {
  return Array.from({ length: steps + 1 }, (_, index) => ({
    x: x0 + ((x1 - x0) * index) / steps,
    y: y0 + ((y1 - y0) * index) / steps,
    t: index * 10,
    pressure: 0.5,
  }));
}

const WIDE: SignatureCanvas = { width: 400, height: 100 };
const TALL: SignatureCanvas = { width: 100, height: 400 };

/** Whether the canvas holds ink at (x, y), CSS pixels of its content box. */
function inkAt(element: AirSignatureWitness, x: number, y: number): boolean {
  const canvas = part<HTMLCanvasElement>(element, 'canvas');
  const ratio = canvas.width / canvas.clientWidth;
  const pixel = canvas.getContext('2d')?.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
  return (pixel?.[3] ?? 0) > 0;
}

/** Whether any pixel of the canvas holds ink. */
function anyInk(element: AirSignatureWitness): boolean {
  const canvas = part<HTMLCanvasElement>(element, 'canvas');
  const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
  for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) return true;
  return false;
}

async function witness(lang = 'en', attributes = ''): Promise<AirSignatureWitness> {
  const container = await fixture<HTMLDivElement>(
    html`<div lang=${lang} style="width: 600px">
      <air-signature-witness document-title="Loan contract" short-code="3F9A-21C7"></air-signature-witness>
    </div>`,
  );
  const element = container.querySelector('air-signature-witness');
  if (!element) throw new Error('no witness');
  if (attributes === 'elderly') element.elderly = true;
  await settle(element);
  await element.updateComplete;
  return element;
}

/** Strokes, then attempt 1 received at 1:23 of the recording. */
async function submittedOnce(element: AirSignatureWitness): Promise<void> {
  element.addStroke(line(20, 50, 380, 50), WIDE);
  element.addStroke(line(40, 30, 200, 70), WIDE);
  element.submitted(1, 83_000);
  await settle(element);
}

describe('<air-signature-witness>', () => {
  it('starts waiting, names the document, and offers nothing to do yet', async () => {
    const element = await witness();
    expect(part(element, 'heading').textContent).to.contain('Loan contract');
    expect(part(element, 'short-code').textContent).to.contain('3F9A-21C7');
    expect(status(element)).to.equal('Waiting for the customer to sign.');
    expect(part(element, 'canvas').getAttribute('role')).to.equal('img');
    expect(part(element, 'canvas').getAttribute('aria-label')).to.contain('nothing drawn yet');
    expect(button(element, 'redo').disabled).to.equal(true);
    expect(button(element, 'attest').disabled).to.equal(true);
    expect(anyInk(element)).to.equal(false);
  });

  it('paints a wide pad’s strokes scaled to its width, centred vertically', async () => {
    const element = await witness();
    element.addStroke(line(20, 50, 380, 50), WIDE);
    await settle(element);
    const canvas = part<HTMLCanvasElement>(element, 'canvas');
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    const scale = Math.min(width / WIDE.width, height / WIDE.height);
    const top = (height - WIDE.height * scale) / 2;
    expect(scale).to.be.greaterThan(1);
    expect(inkAt(element, width / 2, top + 50 * scale)).to.equal(true);
    expect(inkAt(element, 30 * scale, top + 50 * scale)).to.equal(true);
    // Above the line, and where an unscaled drawing would have put it.
    expect(inkAt(element, width / 2, top + 10 * scale)).to.equal(false);
    expect(inkAt(element, width / 2, 50)).to.equal(false);
    expect(part(element, 'canvas').getAttribute('aria-label')).to.contain('1 stroke');
  });

  it('keeps a tall pad’s aspect ratio: scaled to its height and centred horizontally', async () => {
    const element = await witness();
    element.addStroke(line(50, 20, 50, 380), TALL);
    await settle(element);
    const canvas = part<HTMLCanvasElement>(element, 'canvas');
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    const scale = Math.min(width / TALL.width, height / TALL.height);
    const left = (width - TALL.width * scale) / 2;
    expect(inkAt(element, left + 50 * scale, height / 2)).to.equal(true);
    // Not stretched to the full width, and not left where the pad's own coordinates would put it.
    expect(inkAt(element, left + 90 * scale, height / 2)).to.equal(false);
    expect(inkAt(element, 50 * scale, height / 2)).to.equal(false);
  });

  it('repaints at its new size when it is resized', async () => {
    const element = await witness();
    element.addStroke(line(20, 50, 380, 50), WIDE);
    await settle(element);
    const container = element.parentElement;
    if (!container) throw new Error('no container');
    container.style.width = '300px';
    const canvas = part<HTMLCanvasElement>(element, 'canvas');
    await until(() => Math.abs(canvas.width / (window.devicePixelRatio || 1) - canvas.clientWidth) < 1, 'repaint');
    const scale = Math.min(canvas.clientWidth / WIDE.width, canvas.clientHeight / WIDE.height);
    const top = (canvas.clientHeight - WIDE.height * scale) / 2;
    expect(inkAt(element, canvas.clientWidth / 2, top + 50 * scale)).to.equal(true);
  });

  it('draws the ink in the system text colour when forced colours are on', async () => {
    const element = await witness();
    element.addStroke(line(20, 50, 380, 50), WIDE);
    await settle(element);
    const canvas = part<HTMLCanvasElement>(element, 'canvas');
    const rgbAt = (x: number, y: number): string => {
      const ratio = canvas.width / canvas.clientWidth;
      const [r, g, b] =
        canvas.getContext('2d')?.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data ?? [];
      return `rgb(${r}, ${g}, ${b})`;
    };
    const scale = Math.min(canvas.clientWidth / WIDE.width, canvas.clientHeight / WIDE.height);
    const y = (canvas.clientHeight - WIDE.height * scale) / 2 + 50 * scale;
    expect(rgbAt(canvas.clientWidth / 2, y)).to.equal('rgb(16, 28, 90)');
    try {
      await emulateMedia({ forcedColors: 'active' });
      const system = getComputedStyle(part(element, 'status')).color;
      await until(() => rgbAt(canvas.clientWidth / 2, y) === system, 'ink in the system text colour');
      expect(getComputedStyle(canvas).color).to.equal(system);
    } finally {
      await emulateMedia({ forcedColors: 'none' });
    }
  });

  it('counts strokes while the customer signs, and clearing empties the drawing', async () => {
    const element = await witness();
    for (const y of [30, 50, 70]) element.addStroke(line(20, y, 380, y), WIDE);
    await settle(element);
    expect(status(element)).to.equal('The customer is signing — 3 strokes.');
    expect(part(element, 'canvas').getAttribute('aria-label')).to.contain('3 strokes');
    expect(button(element, 'redo').disabled).to.equal(false);
    expect(button(element, 'attest').disabled).to.equal(true);
    expect(anyInk(element)).to.equal(true);

    element.clearStrokes();
    await settle(element);
    expect(anyInk(element)).to.equal(false);
    expect(element.strokes).to.have.length(0);
    expect(status(element)).to.equal('Waiting for the customer to sign.');
    expect(button(element, 'redo').disabled).to.equal(true);
  });

  it('shows when an attempt was received and attests the latest one', async () => {
    const element = await witness();
    await submittedOnce(element);
    expect(status(element)).to.equal('Attempt 1 received at 01:23 of the recording.');
    expect(button(element, 'attest').disabled).to.equal(false);

    const attests = collect(element, 'air-request-signature-attest');
    button(element, 'attest').click();
    expect(attests).to.have.length(1);
    expect(attests[0]?.detail).to.deep.equal({ attempt: 1, statement: 'signature-witnessed' });
    expect(attests[0]?.cancelable).to.equal(true);
    expect(attests[0]?.bubbles && attests[0]?.composed).to.equal(true);
  });

  it('does not attest a drawing that changed since the attempt; the next attempt is the one attested', async () => {
    const element = await witness();
    await submittedOnce(element);
    element.clearStrokes();
    await settle(element);
    expect(button(element, 'attest').disabled).to.equal(true);
    expect(button(element, 'redo').disabled).to.equal(false);
    element.addStroke(line(20, 50, 380, 50), WIDE);
    await settle(element);
    expect(status(element)).to.equal('The customer is signing — 1 stroke.');
    expect(button(element, 'attest').disabled).to.equal(true);

    element.submitted(2, null);
    await settle(element);
    expect(status(element)).to.equal('Attempt 2 received.');
    const attests = collect(element, 'air-request-signature-attest');
    button(element, 'attest').click();
    expect(attests[0]?.detail.attempt).to.equal(2);
    expect(element.attempts.map((attempt) => attempt.attempt)).to.deep.equal([1, 2]);
  });

  it('busy turns both actions off and gives focus to the status line', async () => {
    const element = await witness();
    await submittedOnce(element);
    button(element, 'attest').focus();
    element.busy = true;
    await settle(element);
    expect(button(element, 'attest').disabled).to.equal(true);
    expect(button(element, 'redo').disabled).to.equal(true);
    expect(part(element, 'base').getAttribute('aria-busy')).to.equal('true');
    expect(focusedPart(element)).to.equal('status');
    element.busy = false;
    await settle(element);
    expect(button(element, 'attest').disabled).to.equal(false);
  });

  it('disabled turns both actions off', async () => {
    const element = await witness();
    await submittedOnce(element);
    element.disabled = true;
    await settle(element);
    expect(button(element, 'attest').disabled).to.equal(true);
    expect(button(element, 'redo').disabled).to.equal(true);
  });

  it('after the attestation says what was signed and offers nothing more', async () => {
    const element = await witness();
    await submittedOnce(element);
    element.attested(1, '3f9a21c7'.padEnd(64, '0'));
    await settle(element);
    expect(status(element)).to.equal('Attempt 1 attested; signed PDF 3F9A21C7….');
    expect(button(element, 'attest').disabled).to.equal(true);
    expect(button(element, 'redo').disabled).to.equal(true);
    element.addStroke(line(20, 50, 380, 50), WIDE);
    await settle(element);
    expect(button(element, 'redo').disabled).to.equal(true);

    const unsigned = await witness();
    await submittedOnce(unsigned);
    unsigned.attested(1, null);
    await settle(unsigned);
    expect(status(unsigned)).to.equal('Attempt 1 attested; no signed PDF (no signing certificate configured).');
  });

  it('opens the redo form on the reason, and Escape closes it and returns focus', async () => {
    const element = await witness();
    await submittedOnce(element);
    button(element, 'redo').click();
    await settle(element);
    expect(button(element, 'redo').getAttribute('aria-expanded')).to.equal('true');
    expect(focusedPart(element)).to.equal('reason');

    await sendKeys({ press: 'Escape' });
    await settle(element);
    expect(element.shadowRoot?.querySelector('[part~="redo-form"]') === null).to.equal(true);
    expect(button(element, 'redo').getAttribute('aria-expanded')).to.equal('false');
    expect(focusedPart(element)).to.equal('redo');
  });

  it('sends a preset reason with the agent’s words; the attempt then cannot be attested', async () => {
    const element = await witness();
    await submittedOnce(element);
    button(element, 'redo').click();
    await settle(element);
    const select = part<HTMLSelectElement>(element, 'reason');
    select.value = 'pen-slipped';
    select.dispatchEvent(new Event('change'));
    await settle(element);
    part(element, 'detail').focus();
    await sendKeys({ type: 'please sign once more' });
    const requests = collect(element, 'air-request-signature-redo');
    button(element, 'send').click();
    await settle(element);

    expect(requests).to.have.length(1);
    expect(requests[0]?.detail).to.deep.equal({ reason: 'The pen slipped: please sign once more' });
    expect(requests[0]?.cancelable).to.equal(true);
    expect(element.shadowRoot?.querySelector('[part~="redo-form"]') === null).to.equal(true);
    expect(focusedPart(element)).to.equal('redo');
    expect(status(element)).to.equal('You asked the customer to sign again: The pen slipped: please sign once more');
    expect(button(element, 'attest').disabled).to.equal(true);
    expect(button(element, 'redo').disabled).to.equal(false);
  });

  it('needs the agent’s words for another reason, caps them at 200 characters, and keeps the form when cancelled', async () => {
    const element = await witness();
    element.addStroke(line(20, 50, 380, 50), WIDE);
    await settle(element);
    button(element, 'redo').click();
    await settle(element);
    const select = part<HTMLSelectElement>(element, 'reason');
    select.value = 'other';
    select.dispatchEvent(new Event('change'));
    await settle(element);
    const requests = collect(element, 'air-request-signature-redo');
    button(element, 'send').click();
    await settle(element);
    expect(requests).to.have.length(0);
    expect(part(element, 'detail').getAttribute('aria-invalid')).to.equal('true');
    expect(focusedPart(element)).to.equal('detail');
    expect(part(element, 'detail').getAttribute('maxlength')).to.equal('200');

    const detail = part<HTMLTextAreaElement>(element, 'detail');
    detail.value = 'x'.repeat(250);
    detail.dispatchEvent(new Event('input'));
    element.addEventListener('air-request-signature-redo', (event) => event.preventDefault(), { once: true });
    button(element, 'send').click();
    await settle(element);
    expect(requests).to.have.length(1);
    expect(requests[0]?.detail.reason).to.have.length(200);
    expect(element.shadowRoot?.querySelector('[part~="redo-form"]') !== null).to.equal(true);
    expect(button(element, 'cancel').disabled).to.equal(false);
  });

  it('leaves preset words room within 200 characters', async () => {
    const element = await witness();
    element.addStroke(line(20, 50, 380, 50), WIDE);
    await settle(element);
    button(element, 'redo').click();
    await settle(element);
    const limit = Number(part(element, 'detail').getAttribute('maxlength'));
    expect(limit).to.equal(200 - 'The signature is incomplete: '.length);
    const detail = part<HTMLTextAreaElement>(element, 'detail');
    detail.value = 'y'.repeat(limit);
    detail.dispatchEvent(new Event('input'));
    const requests = collect(element, 'air-request-signature-redo');
    button(element, 'send').click();
    expect(requests[0]?.detail.reason).to.have.length(200);
  });

  it('reset() starts over for another document', async () => {
    const element = await witness();
    await submittedOnce(element);
    element.attested(1, null);
    element.reset();
    await settle(element);
    expect(status(element)).to.equal('Waiting for the customer to sign.');
    expect(anyInk(element)).to.equal(false);
    expect(element.attestation).to.equal(undefined);
    expect(element.attempts).to.have.length(0);
  });

  for (const [lang, attest, redo] of [
    ['en', 'I saw the customer sign (亲见签名)', 'Ask to sign again'],
    ['zh-Hans', '我亲眼看到客户签名（亲见签名）', '请客户重签'],
    ['zh-Hant', '我親眼看到客戶簽名（親見簽名）', '請客戶重簽'],
  ] as const) {
    it(`is accessible in ${lang}, with the redo form open`, async () => {
      const element = await witness(lang);
      await until(() => button(element, 'redo').textContent?.trim() === redo, `${lang} strings`);
      expect(button(element, 'attest').textContent?.trim()).to.equal(attest);
      await expectAccessible(element, `${lang}, waiting`);
      await submittedOnce(element);
      button(element, 'redo').click();
      await settle(element);
      await expectAccessible(element, `${lang}, redo form`);
      expect(smallestTarget(element.shadowRoot as ShadowRoot, 'button, select, textarea')).to.be.at.least(44);
      element.attested(1, 'ab'.repeat(32));
      await settle(element);
      await expectAccessible(element, `${lang}, attested`);
    });
  }

  it('has larger text and targets of at least 60 px in elderly mode, and stays accessible', async () => {
    const plain = await witness();
    const plainText = Number.parseFloat(getComputedStyle(part(plain, 'status')).fontSize);
    const element = await witness('zh-Hans', 'elderly');
    await submittedOnce(element);
    button(element, 'redo').click();
    await settle(element);
    await until(() => button(element, 'send').textContent?.trim() === '发送给客户', 'zh-Hans strings');
    expect(smallestTarget(element.shadowRoot as ShadowRoot, 'button, select, textarea')).to.be.at.least(60);
    expect(Number.parseFloat(getComputedStyle(part(element, 'status')).fontSize)).to.be.greaterThan(plainText);
    expect(part(element, 'canvas').clientHeight).to.be.greaterThan(part(plain, 'canvas').clientHeight);
    await expectAccessible(element, 'elderly');
  });
});
