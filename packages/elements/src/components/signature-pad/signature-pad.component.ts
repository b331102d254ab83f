import {
  signatureTooSimple,
  type SignatureMinimum,
  type SignaturePoint,
  type SignatureStroke,
  type SignatureStrokes,
} from '@aircounter/protocol';
import { html } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { inkColor, paintInk } from '../../base/signature-ink.ts';
import { baseStyles, PRIMARY_CONTROLS } from '../../base/styles.ts';
import { styles } from './signature-pad.styles.ts';

/** The server's default minimum (AIR_SIGNATURE_MIN_*): the pad enables "Sign" only when the server will accept. */
const DEFAULT_MINIMUM: SignatureMinimum = { points: 20, widthShare: 0.15, inkLengthShare: 0.5 };
/** Pressure when the device reports none (a mouse reports 0.5 while a button is down, 0 otherwise). */
const NO_PRESSURE = 0.5;

/**
 * A handwriting pad for a signature: it records every pen position as
 * `{x, y, t, pressure}` (CSS pixels of the pad, ms since the first point,
 * pressure 0–1) with pointer capture, so a stroke continues when the pen
 * leaves the pad. "Sign" is enabled only when the strokes reach the minimum
 * complexity the server applies; "Clear" starts again.
 *
 * Accessibility: the pad is a labelled `role="img"` region with instructions;
 * the state ("3 strokes drawn", "too short") is a polite live region; both
 * buttons are keyboard operable. Handwriting needs a pointer by nature: a
 * customer who cannot sign by hand needs another procedure, which the agent
 * arranges. Elderly mode: a taller pad and larger buttons (at least 60 px).
 *
 * @summary Captures a handwritten signature as pen strokes.
 *
 * @event air-signature-stroke-drawn - A stroke was finished: `{ stroke, canvas }`.
 * @event air-signature-cleared - The pad was cleared.
 * @event air-request-sign - "Sign" was pressed: `{ signature }` (cancelable; the page submits it).
 *
 * @csspart base - The whole component.
 * @csspart canvas - The drawing surface.
 * @csspart status - What was drawn so far (a live region).
 * @csspart controls - The button bar.
 * @csspart clear - The "Clear" button.
 * @csspart sign - The "Sign" button.
 *
 * @cssproperty --air-signature-pad-height - Height of the pad (200px).
 * @cssproperty --air-signature-pad-elderly-height - Height in elderly mode (320px).
 * @cssproperty --air-signature-pad-paper - Pad background (falls back to `--air-color-paper`).
 * @cssproperty --air-signature-pad-line - Pad border (falls back to `--air-color-border`).
 * @cssproperty --air-signature-pad-ink - Ink colour (falls back to `--air-color-ink`).
 */
export class AirSignaturePad extends AirElement {
  static override styles = [baseStyles('signature-pad', PRIMARY_CONTROLS), styles];

  static override properties = {
    elderly: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    minimum: { attribute: false },
    strokes: { state: true },
  };

  /** Larger pad and buttons. */
  declare elderly: boolean;
  /** No drawing and no signing (e.g. while the recording is not active). */
  declare disabled: boolean;
  /** The least a signature must be (the server's `AIR_SIGNATURE_MIN_*`). */
  declare minimum: SignatureMinimum;
  /** The strokes drawn so far, oldest first (emptied by `clear()`); `signature` adds the pad's size. */
  declare strokes: readonly SignatureStroke[];

  #current: SignaturePoint[] | undefined;
  #startedAt: number | undefined;
  #pointerId: number | undefined;

  constructor() {
    super();
    this.elderly = false;
    this.disabled = false;
    this.minimum = DEFAULT_MINIMUM;
    this.strokes = [];
  }

  /** The signature drawn so far (the pad's size in CSS pixels and its strokes). */
  get signature(): SignatureStrokes {
    return { canvas: this.#canvasSize(), strokes: this.strokes.map((stroke) => [...stroke]) };
  }

  /** Empties the pad (also what "Clear" does). */
  clear(): void {
    this.strokes = [];
    this.#current = undefined;
    this.#startedAt = undefined;
    this.#paint();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#current = undefined;
    this.#pointerId = undefined;
  }

  override updated(): void {
    this.#paint();
  }

  #canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  #canvasSize(): { width: number; height: number } {
    const rect = this.#canvas()?.getBoundingClientRect();
    return { width: Math.max(50, Math.round(rect?.width ?? 0)), height: Math.max(50, Math.round(rect?.height ?? 0)) };
  }

  #point(event: PointerEvent): SignaturePoint {
    const rect = this.#canvas()?.getBoundingClientRect() ?? new DOMRect();
    const { width, height } = this.#canvasSize();
    this.#startedAt ??= event.timeStamp;
    const clamp = (value: number, max: number) => Math.min(max, Math.max(0, Math.round(value * 10) / 10));
    return {
      x: clamp(event.clientX - rect.left, width),
      y: clamp(event.clientY - rect.top, height),
      t: Math.max(0, Math.round(event.timeStamp - this.#startedAt)),
      // Browsers report pressure as a 32-bit float: three decimals keep all it says and a smaller message.
      pressure:
        event.pointerType === 'mouse' || event.pressure === 0 ? NO_PRESSURE : Math.round(event.pressure * 1000) / 1000,
    };
  }

  #down = (event: PointerEvent): void => {
    if (this.disabled || this.#pointerId !== undefined) return;
    event.preventDefault();
    this.#pointerId = event.pointerId;
    try {
      // The stroke goes on when the pen leaves the pad; a pointer the browser does not track (a synthetic event) cannot be captured.
      (event.currentTarget as Element).setPointerCapture(event.pointerId);
    } catch {
      // Without capture the stroke ends where the pointer leaves the pad (pointerup/pointercancel still arrive).
    }
    this.#current = [this.#point(event)];
  };

  #move = (event: PointerEvent): void => {
    if (event.pointerId !== this.#pointerId || !this.#current) return;
    const previous = this.#current.at(-1);
    const point = this.#point(event);
    // Time order is part of the format: a coalesced event never goes back.
    this.#current.push(previous && point.t < previous.t ? { ...point, t: previous.t } : point);
    this.#paint();
  };

  #up = (event: PointerEvent): void => {
    if (event.pointerId !== this.#pointerId || !this.#current) return;
    this.#pointerId = undefined;
    const stroke = this.#current;
    this.#current = undefined;
    this.strokes = [...this.strokes, stroke];
    this.emit('air-signature-stroke-drawn', { stroke: [...stroke], canvas: this.#canvasSize() });
  };

  #onClear(): void {
    this.clear();
    this.emit('air-signature-cleared', {});
  }

  #onSign(): void {
    const signature = this.signature;
    if (signatureTooSimple(signature, this.minimum) !== undefined) return;
    this.emit('air-request-sign', { signature }, { cancelable: true });
  }

  #paint(): void {
    const canvas = this.#canvas();
    if (!canvas) return;
    const strokes = this.#current ? [...this.strokes, this.#current] : this.strokes;
    paintInk(canvas, this.#canvasSize(), strokes, { color: inkColor(canvas) });
  }

  override render() {
    const term = this.localize.term.bind(this.localize);
    const tooSimple = this.strokes.length === 0 || signatureTooSimple(this.signature, this.minimum) !== undefined;
    const status =
      this.strokes.length === 0
        ? term('signaturePad.empty')
        : tooSimple
          ? term('signaturePad.tooSimple')
          : term('signaturePad.ready', { count: this.strokes.length });
    return html`<section part="base" aria-label=${term('signaturePad.label')} lang=${this.localize.locale}>
      <canvas
        part="canvas"
        role="img"
        tabindex="0"
        aria-label=${term('signaturePad.canvas')}
        aria-describedby="status"
        @pointerdown=${this.#down}
        @pointermove=${this.#move}
        @pointerup=${this.#up}
        @pointercancel=${this.#up}
      ></canvas>
      <p part="status" id="status" role="status" aria-live="polite">${status}</p>
      <div part="controls">
        <button
          part="clear"
          type="button"
          ?disabled=${this.disabled || this.strokes.length === 0}
          @click=${() => this.#onClear()}
        >
          ${term('signaturePad.clear')}
        </button>
        <button part="sign" type="button" ?disabled=${this.disabled || tooSimple} @click=${() => this.#onSign()}>
          ${term('signaturePad.sign')}
        </button>
      </div>
    </section>`;
  }
}
