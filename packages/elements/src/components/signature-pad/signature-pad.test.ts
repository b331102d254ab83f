import { expect } from 'chai';
import { html } from 'lit';
import { expectAccessible } from '../../../test/utils/a11y.ts';
import { collect, fixture, settle, until } from '../../../test/utils/dom.ts';
import '../../define/air-signature-pad.ts';
import type { AirSignaturePad } from './signature-pad.component.ts';

function part(element: AirSignaturePad, name: string): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

/** Dispatches a pointer event on the pad at (x, y) relative to its top-left corner. */
function pointer(canvas: HTMLElement, type: string, x: number, y: number, pressure = 0.6): void {
  const rect = canvas.getBoundingClientRect();
  canvas.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      composed: true,
      pointerId: 7,
      pointerType: 'pen',
      clientX: rect.left + x,
      clientY: rect.top + y,
      pressure: type === 'pointerup' ? 0 : pressure,
      isPrimary: true,
    }),
  );
}

/** One stroke from (x0, y) to (x1, y) in `steps` moves. */
function drawStroke(canvas: HTMLElement, x0: number, x1: number, y: number, steps: number): void {
  pointer(canvas, 'pointerdown', x0, y);
  for (let step = 1; step <= steps; step += 1)
    pointer(canvas, 'pointermove', x0 + ((x1 - x0) * step) / steps, y + (step % 2) * 10);
  pointer(canvas, 'pointerup', x1, y);
}

async function pad(lang = 'en'): Promise<AirSignaturePad> {
  const container = await fixture<HTMLDivElement>(
    html`<div lang=${lang} style="width: 600px"><air-signature-pad></air-signature-pad></div>`,
  );
  const element = container.querySelector('air-signature-pad');
  if (!element) throw new Error('no pad');
  await settle(element);
  return element;
}

describe('<air-signature-pad>', () => {
  it('turns pointer events into strokes of x, y, t and pressure, announcing each finished stroke', async () => {
    const element = await pad();
    const canvas = part(element, 'canvas');
    const drawn = collect(element, 'air-signature-stroke-drawn');
    drawStroke(canvas, 20, 300, 100, 30);
    await settle(element);

    expect(drawn).to.have.length(1);
    const stroke = drawn[0]?.detail.stroke ?? [];
    // pointerdown and every move; pointerup ends the stroke where the last move was.
    expect(stroke).to.have.length(31);
    expect(stroke[0]).to.include({ x: 20, y: 100, t: 0, pressure: 0.6 });
    expect(stroke.at(-1)).to.include({ x: 300, y: 100 });
    expect(stroke.every((point, index) => index === 0 || point.t >= (stroke[index - 1]?.t ?? 0))).to.equal(true);
    expect(drawn[0]?.detail.canvas.width).to.equal(Math.round(canvas.getBoundingClientRect().width));
    expect(element.signature.strokes).to.deep.equal([stroke]);
    // The ink is painted where the pen went (base/signature-ink.ts), and nowhere else.
    const surface = canvas as HTMLCanvasElement;
    const ratio = surface.width / canvas.getBoundingClientRect().width;
    const alphaAt = (x: number, y: number): number =>
      surface.getContext('2d')?.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data[3] ?? 0;
    const column = Array.from({ length: 30 }, (_, index) => alphaAt(160, 95 + index));
    expect(column.some((alpha) => alpha > 0)).to.equal(true);
    expect(alphaAt(160, 40)).to.equal(0);
  });

  it('enables "Sign" only at the minimum complexity, and the request carries the signature', async () => {
    const element = await pad();
    const canvas = part(element, 'canvas');
    const sign = part(element, 'sign') as HTMLButtonElement;
    drawStroke(canvas, 20, 40, 100, 3);
    await settle(element);
    expect(sign.disabled).to.equal(true);
    expect(part(element, 'status').textContent).to.contain('too short');

    drawStroke(canvas, 60, 500, 120, 40);
    await settle(element);
    expect(sign.disabled).to.equal(false);
    const requests = collect(element, 'air-request-sign');
    sign.click();
    expect(requests).to.have.length(1);
    expect(requests[0]?.cancelable).to.equal(true);
    expect(requests[0]?.detail.signature.strokes).to.have.length(2);
  });

  it('clears for a new attempt and tells the page', async () => {
    const element = await pad();
    drawStroke(part(element, 'canvas'), 20, 400, 100, 30);
    await settle(element);
    const cleared = collect(element, 'air-signature-cleared');
    (part(element, 'clear') as HTMLButtonElement).click();
    await settle(element);
    expect(cleared).to.have.length(1);
    expect(element.signature.strokes).to.deep.equal([]);
    expect((part(element, 'clear') as HTMLButtonElement).disabled).to.equal(true);
  });

  it('is accessible and localized (zh-Hans), with 60 px targets in elderly mode', async () => {
    const element = await pad('zh-Hans');
    element.elderly = true;
    await until(() => part(element, 'sign').textContent?.trim() === '签署', 'zh-Hans strings');
    expect(part(element, 'canvas').getAttribute('aria-label')).to.contain('签名板');
    expect(part(element, 'clear').getBoundingClientRect().height).to.be.at.least(60);
    await expectAccessible(element);
  });
});
