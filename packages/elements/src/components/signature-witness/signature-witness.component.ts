import type { SignatureCanvas, SignatureStroke } from '@aircounter/protocol';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { fitFrame, inkColor, paintInk } from '../../base/signature-ink.ts';
import { baseStyles, fieldStyles, PRIMARY_CONTROLS } from '../../base/styles.ts';
import { formatElapsed } from '../recording-status/coverage-text.ts';
import { detailRoom, isRedoPreset, redoReason, REDO_PRESETS, type RedoPreset } from './redo-reason.ts';
import { styles } from './signature-witness.styles.ts';

/** A signature attempt the server received and kept (`signatureSubmitted`). */
export interface WitnessedAttempt {
  readonly attempt: number;
  /** Where in the recording it was received, ms; null when the server could not place it. */
  readonly mediaTimeMs: number | null;
}

/** The agent's attestation as the server confirmed it (`signatureAttested`). */
export interface WitnessAttestation {
  readonly attempt: number;
  /** The signed PDF's SHA-256 (hex), or null when the server has no PDF signing certificate. */
  readonly signedDocumentSha256: string | null;
}

/** Hex digits of the signed PDF's hash shown in the status line: enough to compare aloud, short enough to read. */
const HASH_DIGITS_SHOWN = 8;

/**
 * The agent's view of face-to-face signing (面签): the customer's strokes
 * appear as they are drawn, scaled to fit this element whatever the size of
 * the customer's pad (aspect ratio kept, ink drawn as the pad draws it).
 * The agent asks for another attempt with a reason the customer will read,
 * or attests that the customer signed in view (亲见签名).
 *
 * The element talks to no server: the page feeds it the signing
 * notifications — `addStroke(stroke, canvas)` per relayed stroke,
 * `clearStrokes()` when the customer cleared the pad (a relayed `null`),
 * `submitted(attempt, mediaTimeMs)` and `attested(attempt,
 * signedDocumentSha256)` — and sends what the agent asks for on its events,
 * setting `busy` while it awaits the server.
 *
 * "Ask to sign again" is enabled once there is something to redo (strokes
 * or a received attempt). "I saw the customer sign" is enabled only while
 * the latest received attempt is what is on screen: not after the customer
 * drew or cleared since, not after the agent asked for a redo, and never
 * after an attestation. `busy` and `disabled` turn both off.
 *
 * Accessibility: the drawing is a labelled `role="img"` that says how many
 * strokes it holds; the state (waiting, signing, received at a media time,
 * attested) is a polite live region; all actions are buttons. The redo form
 * opens below its button with focus on the reason; Escape or "Cancel"
 * closes it and returns focus to "Ask to sign again". When a focused button
 * becomes disabled (busy, attested), focus moves to the status line. In
 * forced-colours mode the ink takes the system text colour. Elderly mode: a
 * taller drawing, larger text and targets of at least 60 px.
 *
 * @summary The agent watches the customer sign live, asks for a redo or attests the signature.
 *
 * @event air-request-signature-redo - "Send to the customer" in the redo form: `{ reason }` (1–200 characters).
 * Cancelable: `preventDefault()` keeps the form open; otherwise it closes and the attempt on screen can no longer be
 * attested until a new one arrives.
 * @event air-request-signature-attest - "I saw the customer sign" was pressed: `{ attempt, statement: 'signature-witnessed' }`
 * for the latest attempt. Cancelable; the element has no default action (the page sends `attestSignature`).
 *
 * @csspart base - The whole component.
 * @csspart heading - The document's title.
 * @csspart short-code - The document's short code.
 * @csspart canvas - The drawing of the customer's strokes.
 * @csspart status - What is happening (a live region).
 * @csspart controls - The button bar.
 * @csspart redo - The "Ask to sign again" button.
 * @csspart attest - The "I saw the customer sign (亲见签名)" button.
 * @csspart redo-form - The form asking for the reason of a redo.
 * @csspart reason - The preset reasons (a select).
 * @csspart detail - The agent's own words (a textarea).
 * @csspart send - The "Send to the customer" button.
 * @csspart cancel - The "Cancel" button of the form.
 *
 * @cssproperty --air-signature-witness-height - Height of the drawing (200px).
 * @cssproperty --air-signature-witness-elderly-height - Height in elderly mode (320px).
 * @cssproperty --air-signature-witness-paper - Drawing background (falls back to `--air-color-paper`).
 * @cssproperty --air-signature-witness-line - Drawing border (falls back to `--air-color-border`).
 * @cssproperty --air-signature-witness-ink - Ink colour (falls back to `--air-color-ink`).
 */
export class AirSignatureWitness extends AirElement {
  static override styles = [baseStyles('signature-witness', PRIMARY_CONTROLS), fieldStyles, styles];

  static override properties = {
    documentTitle: { type: String, attribute: 'document-title' },
    shortCode: { type: String, attribute: 'short-code' },
    elderly: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    busy: { type: Boolean, reflect: true },
  };

  #strokes: readonly SignatureStroke[] = [];
  #canvas: SignatureCanvas | undefined;
  #attempts: readonly WitnessedAttempt[] = [];
  #attestation: WitnessAttestation | undefined;
  /** The customer drew or cleared after the latest attempt: the drawing is no longer what was received. */
  #changedSinceAttempt = false;
  /** The reason of a redo asked for since the latest attempt. */
  #redoReason: string | undefined;
  #formOpen = false;
  #preset: RedoPreset = REDO_PRESETS[0];
  #detail = '';
  #detailMissing = false;
  #focusNext: 'reason' | 'redo' | 'detail' | undefined;
  /** The element focused before an update, to rescue focus when that update disables it. */
  #focusedBefore: Element | null = null;
  #resize: ResizeObserver | undefined;
  /** Forced colours switched on or off mid-call change the ink colour (base/signature-ink.ts). */
  readonly #forcedColors = window.matchMedia('(forced-colors: active)');
  readonly #repaint = (): void => this.#paint();

  /** Title of the document being signed, shown in the heading. */
  declare documentTitle: string;
  /** The document's short code (`XXXX-XXXX`), shown beside the title so agent and customer can compare. */
  declare shortCode: string;
  /** Larger drawing, text and buttons (at least 60 px). */
  declare elderly: boolean;
  /** No redo and no attestation (e.g. while the recording is not active). */
  declare disabled: boolean;
  /** The page awaits the server (a redo or an attestation being sent): both actions are off. */
  declare busy: boolean;

  constructor() {
    super();
    this.documentTitle = '';
    this.shortCode = '';
    this.elderly = false;
    this.disabled = false;
    this.busy = false;
  }

  /** The strokes on screen, oldest first, in the coordinates of the customer's pad (`canvas`). */
  get strokes(): readonly SignatureStroke[] {
    return this.#strokes;
  }

  /** The customer's pad size the strokes were drawn on (the latest relayed), or undefined before the first stroke. */
  get canvas(): SignatureCanvas | undefined {
    return this.#canvas;
  }

  /** Attempts received so far, in the order they arrived. */
  get attempts(): readonly WitnessedAttempt[] {
    return this.#attempts;
  }

  /** The attestation, once the server confirmed it. */
  get attestation(): WitnessAttestation | undefined {
    return this.#attestation;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The drawing follows the element's width: repaint when it changes, or the ink would be stretched or cut.
    this.#resize = new ResizeObserver(this.#repaint);
    const canvas = this.#canvasElement();
    if (canvas) this.#resize.observe(canvas);
    this.#forcedColors.addEventListener('change', this.#repaint);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#resize = undefined;
    this.#forcedColors.removeEventListener('change', this.#repaint);
  }

  protected override firstUpdated(): void {
    const canvas = this.#canvasElement();
    if (canvas) this.#resize?.observe(canvas);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#focusedBefore = this.shadowRoot?.activeElement ?? null;
  }

  protected override updated(): void {
    this.#paint();
    const next = this.#focusNext;
    this.#focusNext = undefined;
    if (next !== undefined) {
      this.shadowRoot?.querySelector<HTMLElement>(`[part~="${next}"]`)?.focus();
      return;
    }
    // A disabled button cannot keep focus: hand it to the status line, which says why.
    const before = this.#focusedBefore;
    const lost = before !== null && (!before.isConnected || (before instanceof HTMLButtonElement && before.disabled));
    if (lost) this.#part('status')?.focus();
  }

  #part(name: string): HTMLElement | null {
    return this.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
  }

  #canvasElement(): HTMLCanvasElement | null {
    return this.shadowRoot?.querySelector('canvas') ?? null;
  }

  #paint(): void {
    const canvas = this.#canvasElement();
    if (!canvas) return;
    // The content box: the border is not drawing surface.
    const size = { width: canvas.clientWidth, height: canvas.clientHeight };
    if (size.width === 0 || size.height === 0) return;
    const frame = this.#canvas ? fitFrame(this.#canvas, size) : undefined;
    paintInk(canvas, size, this.#strokes, { color: inkColor(canvas), ...(frame ? { frame } : {}) });
  }

  #latest(): WitnessedAttempt | undefined {
    return this.#attempts.at(-1);
  }

  #canRedo(): boolean {
    return (
      !this.disabled &&
      !this.busy &&
      this.#attestation === undefined &&
      (this.#strokes.length > 0 || this.#attempts.length > 0)
    );
  }

  #canAttest(): boolean {
    return (
      !this.disabled &&
      !this.busy &&
      this.#attestation === undefined &&
      this.#latest() !== undefined &&
      !this.#changedSinceAttempt &&
      this.#redoReason === undefined
    );
  }

  #openForm(): void {
    this.#formOpen = true;
    this.#preset = REDO_PRESETS[0];
    this.#detail = '';
    this.#detailMissing = false;
    this.#focusNext = 'reason';
    this.requestUpdate();
  }

  #closeForm(): void {
    if (!this.#formOpen) return;
    this.#formOpen = false;
    this.#detailMissing = false;
    // Back where the agent opened it; when that button is now off, to the status line.
    this.#focusNext = this.#canRedo() ? 'redo' : undefined;
    this.requestUpdate();
  }

  #send(event: Event): void {
    event.preventDefault();
    if (!this.#canRedo()) return;
    const reason = redoReason(this.localize, this.#preset, this.#detail);
    if (reason === undefined) {
      this.#detailMissing = true;
      this.#focusNext = 'detail';
      this.requestUpdate();
      return;
    }
    const request = this.emit('air-request-signature-redo', { reason }, { cancelable: true });
    if (request.defaultPrevented) return;
    this.#redoReason = reason;
    this.#closeForm();
  }

  #attest(): void {
    const latest = this.#latest();
    if (!latest || !this.#canAttest()) return;
    this.emit(
      'air-request-signature-attest',
      { attempt: latest.attempt, statement: 'signature-witnessed' },
      { cancelable: true },
    );
  }

  #statusText(): string {
    const term = this.localize.term.bind(this.localize);
    const attestation = this.#attestation;
    if (attestation) {
      const hash = attestation.signedDocumentSha256;
      return hash === null
        ? term('signatureWitness.attestedUnsigned', { attempt: attestation.attempt })
        : term('signatureWitness.attestedSigned', {
            attempt: attestation.attempt,
            hash: `${hash.slice(0, HASH_DIGITS_SHOWN).toUpperCase()}…`,
          });
    }
    if (this.#redoReason !== undefined && !this.#changedSinceAttempt)
      return term('signatureWitness.redoAsked', { reason: this.#redoReason });
    const latest = this.#latest();
    if (latest && !this.#changedSinceAttempt) {
      return latest.mediaTimeMs === null
        ? term('signatureWitness.receivedUnrecorded', { attempt: latest.attempt })
        : term('signatureWitness.received', { attempt: latest.attempt, time: formatElapsed(latest.mediaTimeMs) });
    }
    const count = this.#strokes.length;
    if (count === 0) return term('signatureWitness.waiting');
    return count === 1 ? term('signatureWitness.signingOne') : term('signatureWitness.signing', { count });
  }

  #drawingLabel(): string {
    const term = this.localize.term.bind(this.localize);
    const count = this.#strokes.length;
    if (count === 0) return term('signatureWitness.drawingEmpty');
    return count === 1 ? term('signatureWitness.drawingOne') : term('signatureWitness.drawing', { count });
  }

  #renderForm(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const room = detailRoom(this.localize, this.#preset);
    const off = !this.#canRedo();
    return html`<form
      part="redo-form"
      id="redo-form"
      aria-labelledby="redo-heading"
      novalidate
      @submit=${(event: Event) => this.#send(event)}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key !== 'Escape') return;
        // Escape closes this form only; the page's own Escape handling is not triggered twice.
        event.stopPropagation();
        this.#closeForm();
      }}
    >
      <h3 id="redo-heading">${term('signatureWitness.redoHeading')}</h3>
      <label for="reason">${term('signatureWitness.reason')}</label>
      <select
        id="reason"
        part="reason"
        ?disabled=${off}
        @change=${(event: Event) => {
          const value = (event.target as HTMLSelectElement).value;
          if (isRedoPreset(value)) this.#preset = value;
          this.#detailMissing = false;
          this.requestUpdate();
        }}
      >
        ${REDO_PRESETS.map(
          (preset) =>
            html`<option value=${preset} ?selected=${preset === this.#preset}>
              ${term(`signatureWitness.reason.${preset}`)}
            </option>`,
        )}
      </select>
      <label for="detail">${term('signatureWitness.detail')}</label>
      <textarea
        id="detail"
        part="detail"
        rows="2"
        maxlength=${room}
        .value=${this.#detail}
        ?required=${this.#preset === 'other'}
        ?disabled=${off}
        aria-invalid=${this.#detailMissing ? 'true' : 'false'}
        aria-describedby=${this.#detailMissing ? 'detail-hint detail-missing' : 'detail-hint'}
        @input=${(event: Event) => {
          this.#detail = (event.target as HTMLTextAreaElement).value;
          if (!this.#detailMissing) return;
          this.#detailMissing = false;
          this.requestUpdate();
        }}
      ></textarea>
      <p id="detail-hint" class="hint">${term('signatureWitness.detailHint', { max: room })}</p>
      ${
        this.#detailMissing
          ? html`<p id="detail-missing" class="field-error">${term('signatureWitness.detailMissing')}</p>`
          : nothing
      }
      <div class="actions">
        <button part="send" type="submit" ?disabled=${off}>${term('signatureWitness.send')}</button>
        <button part="cancel" type="button" @click=${() => this.#closeForm()}>
          ${term('signatureWitness.cancel')}
        </button>
      </div>
    </form>`;
  }

  /** Shows one more stroke the customer drew on a pad of size `canvas` (a relayed `signatureStroke`). */
  addStroke(stroke: SignatureStroke, canvas: SignatureCanvas): void {
    this.#strokes = [...this.#strokes, stroke];
    // Like the pad's own `signature`: every stroke is placed on the pad's latest size.
    this.#canvas = { width: canvas.width, height: canvas.height };
    this.#changedSinceAttempt = this.#attempts.length > 0;
    this.requestUpdate();
  }

  /** Empties the drawing: the customer cleared the pad (a relayed `signatureStroke` with `stroke: null`). */
  clearStrokes(): void {
    this.#strokes = [];
    this.#changedSinceAttempt = this.#attempts.length > 0;
    this.requestUpdate();
  }

  /** The server received and kept attempt `attempt` (`signatureSubmitted`); it becomes the one to attest. */
  submitted(attempt: number, mediaTimeMs: number | null): void {
    this.#attempts = [...this.#attempts.filter((known) => known.attempt !== attempt), { attempt, mediaTimeMs }];
    this.#changedSinceAttempt = false;
    this.#redoReason = undefined;
    this.requestUpdate();
  }

  /** The server confirmed the attestation of `attempt` (`signatureAttested`); both actions end. */
  attested(attempt: number, signedDocumentSha256: string | null): void {
    this.#attestation = { attempt, signedDocumentSha256 };
    this.#formOpen = false;
    this.requestUpdate();
  }

  /** Back to the start (another document): no strokes, attempts, attestation or open form. */
  reset(): void {
    this.#strokes = [];
    this.#canvas = undefined;
    this.#attempts = [];
    this.#attestation = undefined;
    this.#changedSinceAttempt = false;
    this.#redoReason = undefined;
    this.#formOpen = false;
    this.requestUpdate();
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const title = this.documentTitle.trim();
    const formOpen = this.#formOpen && this.#attestation === undefined;
    return html`<section
      part="base"
      aria-labelledby="heading"
      aria-busy=${this.busy ? 'true' : 'false'}
      lang=${this.localize.locale}
    >
      <header>
        <h2 part="heading" id="heading">
          ${title ? term('signatureWitness.heading', { title }) : term('signatureWitness.headingUntitled')}
        </h2>
        ${
          this.shortCode
            ? html`<p part="short-code">${term('signatureWitness.shortCode', { code: this.shortCode })}</p>`
            : nothing
        }
      </header>
      <canvas part="canvas" role="img" aria-label=${this.#drawingLabel()}></canvas>
      <p part="status" id="status" role="status" aria-live="polite" tabindex="-1">${this.#statusText()}</p>
      <div part="controls">
        <button
          part="redo"
          type="button"
          aria-expanded=${formOpen ? 'true' : 'false'}
          aria-controls=${formOpen ? 'redo-form' : nothing}
          ?disabled=${!this.#canRedo()}
          @click=${() => (this.#formOpen ? this.#closeForm() : this.#openForm())}
        >
          ${term('signatureWitness.redo')}
        </button>
        <button part="attest" type="button" ?disabled=${!this.#canAttest()} @click=${() => this.#attest()}>
          ${term('signatureWitness.attest')}
        </button>
      </div>
      ${formOpen ? this.#renderForm() : nothing}
    </section>`;
  }
}
