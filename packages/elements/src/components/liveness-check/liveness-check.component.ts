import type { LivenessChallenge } from '@aircounter/protocol';
import { ContextConsumer } from '@lit/context';
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { errorDetail } from '../../base/error-detail.ts';
import { sessionContext } from '../../base/session-context.ts';
import { baseStyles, color } from '../../base/styles.ts';
import type { TermKey } from '../../translations/en.ts';
import {
  LivenessCheckController,
  type LivenessPort,
  type OvalGuide,
  type VisionLoadOptions,
} from './liveness-check.controller.ts';
import { styles } from './liveness-check.styles.ts';
import { SmallScreenController } from './small-screen.ts';

/** The oval drawn over the camera view and checked by the quality gate (shares of the frame). */
const OVAL: OvalGuide = { centerX: 0.5, centerY: 0.45, radiusX: 0.25, radiusY: 0.42 };
/** Spoken guidance is repeated at most this often, ms. */
const SPEAK_INTERVAL_MS = 2500;

/**
 * A guided, on-device liveness check. It asks the server (through `liveness`,
 * `session.liveness` or the session of an enclosing `<air-session>`) for a
 * random sequence of challenges, guides the customer into the oval, follows
 * each movement with face landmarks computed in the browser, and sends one
 * evidence photo per step. The server re-checks the photos with the same
 * models and answers pass/fail with a retry hint (the signed decision with
 * its scores goes to the agent); the element only shows it.
 *
 * The face models load on demand (`await import('@aircounter/vision')`)
 * after a support check: pages that never start a check never download them.
 * With `preload` they load as soon as the element is on the page (while the
 * customer reads the explanation), so that starting only opens the camera.
 * `@aircounter/vision` is an optional peer dependency of this package: on a
 * page built without it, starting a check shows a message saying so and
 * fires `air-error` with the code `VISION_NOT_INSTALLED`.
 *
 * Accessibility: one instruction at a time in a polite live region, with an
 * icon and words (the oval also changes from dashed to solid, so nothing
 * depends on colour alone); a progress bar with "Step n of m"; every action
 * is a button (Tab, Enter/Space), Escape cancels a running check wherever
 * focus is on the page. Starting moves focus from the start button to the
 * cancel button (and scrolls the camera, instruction and cancel button into
 * view); the end of a check moves it to "Try again". `elderly`
 * enlarges text and buttons (≥ 60 px); `speak` reads the instructions aloud
 * with the Web Speech API in the element's language.
 *
 * @summary Liveness check: camera view with an oval guide, one instruction at a time, progress and result.
 *
 * @event air-liveness-completed - The check ended with the server's decision: `{ passed, decision?, failure? }`.
 * @event air-error - The check could not run or reach the server: `{ code, recoverable, message }`; `VISION_NOT_INSTALLED` when the page lacks @aircounter/vision.
 * @event air-caption - The instruction of the current challenge, for `<air-captions>`: `{ type: 'instruction', source: 'liveness', text, lang }`, and `instruction-cleared` when none is shown.
 *
 * @csspart base - The whole component.
 * @csspart intro - The explanation shown before starting.
 * @csspart camera - The camera area.
 * @csspart video - The (mirrored) camera video.
 * @csspart guide - The oval guide drawn over the video.
 * @csspart guide-line - The oval's line (dashed while guiding, solid and green when the face is right).
 * @csspart guide-halo - The dark halo under the line that keeps it visible on a bright picture.
 * @csspart prompt - The current instruction (a live region).
 * @csspart prompt-icon - The symbol before the instruction.
 * @csspart progress - Step counter and bar.
 * @csspart progress-bar - The bar.
 * @csspart controls - The buttons.
 * @csspart control - Each button.
 * @csspart start - The start / try again button.
 * @csspart cancel - The cancel button.
 *
 * @cssproperty --air-liveness-check-background - Background (falls back to `--air-color-surface`).
 * @cssproperty --air-liveness-check-color - Text colour (falls back to `--air-color-text`).
 * @cssproperty --air-liveness-check-radius - Corner radius (falls back to `--air-radius`).
 * @cssproperty --air-liveness-check-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-liveness-check-control-size - Minimum width and height of the buttons (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-liveness-check-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-liveness-check-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`, 1.375rem).
 * @cssproperty --air-liveness-check-control-background - Button background (falls back to `--air-color-accent`).
 * @cssproperty --air-liveness-check-control-color - Button text colour (falls back to `--air-color-on-accent`).
 * @cssproperty --air-liveness-check-guide-ok - Oval colour when the face is placed right (falls back to `--air-color-stage-success`).
 * @cssproperty --air-liveness-check-guide-wait - Oval colour while guiding (falls back to `--air-color-on-stage`).
 * @cssproperty --air-liveness-check-guide-width - The oval's line width (4px).
 * @cssproperty --air-liveness-check-elderly-guide-width - The same in elderly mode (7px).
 * @cssproperty --air-liveness-check-progress - Progress bar colour (falls back to `--air-color-accent`).
 * @cssproperty --air-liveness-check-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 * @cssproperty --air-liveness-check-z-index - Stacking of the full-screen check on a phone (above everything).
 */
export class AirLivenessCheck extends AirElement {
  // The start button is the one thing to do here: filled, not the neutral grey of a toolbar.
  static override styles = [
    baseStyles('liveness-check', {
      color: color('color-on-accent').cssText,
      background: color('color-accent').cssText,
    }),
    styles,
  ];

  static override properties = {
    liveness: { attribute: false },
    session: { attribute: false },
    stream: { attribute: false },
    modelsBaseUrl: { attribute: 'models-base-url' },
    wasmBaseUrl: { attribute: 'wasm-base-url' },
    elderly: { type: Boolean, reflect: true },
    speak: { type: Boolean, reflect: true },
    preload: { type: Boolean, reflect: true },
  };

  /** Where to start and submit the check: a client session's `liveness`, or any object with `start` and `submit`. */
  declare liveness: LivenessPort | undefined;
  /** A joined session whose `liveness` to use (when `liveness` is not set). Not left by this element. */
  declare session: { readonly liveness: LivenessPort } | undefined;
  /** A camera stream to reuse (e.g. the call's); by default the element opens and closes its own. */
  declare stream: MediaStream | undefined;
  /** Folder URL of the face models; default: `assets/models/` of @aircounter/vision. */
  declare modelsBaseUrl: string | undefined;
  /** Folder URL of the tfjs wasm binaries; default: `assets/wasm/` of @aircounter/vision. */
  declare wasmBaseUrl: string | undefined;
  /** Larger text and buttons (at least 60 px) for older customers. */
  declare elderly: boolean;
  /** Read each instruction aloud (Web Speech API). */
  declare speak: boolean;
  /**
   * Load the face models (about 2 MB and the wasm runtime) when the element
   * is on the page rather than when the check starts: the customer waits
   * less, and downloads them even without starting a check.
   */
  declare preload: boolean;

  readonly #check = new LivenessCheckController(this);
  readonly #smallScreen = new SmallScreenController(this);
  readonly #context = new ContextConsumer(this, { context: sessionContext, subscribe: true });
  #lastSpoken = { text: '', at: 0 };
  /** What to say when no check is running (cancelled, failed to start). */
  #message: TermKey | undefined;
  #errorMessage = '';
  /** Whether the last render showed a running check (for moving focus when it starts or ends). */
  #wasRunning = false;
  /** The challenge instruction last reported as a caption (`air-caption`), if one is shown. */
  #captioned = '';

  constructor() {
    super();
    this.liveness = undefined;
    this.session = undefined;
    this.stream = undefined;
    this.modelsBaseUrl = undefined;
    this.wasmBaseUrl = undefined;
    this.elderly = false;
    this.speak = false;
    this.preload = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.#onKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onKeydown);
    this.#reportCaption('');
    if (typeof speechSynthesis !== 'undefined' && this.speak) speechSynthesis.cancel();
  }

  /**
   * Escape cancels a running check wherever focus is: once the start button
   * is gone, focus may sit on the page, and a customer who wants out should
   * not have to find the cancel button first. A key another control already
   * handled (a dialog closing) is left alone.
   */
  readonly #onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || !this.#check.running) return;
    event.preventDefault();
    this.cancel();
  };

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.preload && (changed.has('preload') || changed.has('modelsBaseUrl') || changed.has('wasmBaseUrl')))
      this.#check.preload(this.#visionOptions());
    this.#followFocus();
    this.#speakPrompt();
    this.#reportCaption(this.#check.phase === 'challenge' ? this.#promptText() : '');
  }

  /**
   * Starting swaps the start button for the cancel button and ending swaps it
   * back; the removed button takes focus with it. When focus was on it (now
   * on the page), it moves to the button that replaced it, and a starting
   * check scrolls the camera, instruction and cancel button into view.
   */
  #followFocus(): void {
    const running = this.#check.running;
    if (running === this.#wasRunning) return;
    this.#wasRunning = running;
    const active = document.activeElement;
    const lost = active === null || active === document.body || (active === this && !this.shadowRoot?.activeElement);
    const control = this.renderRoot.querySelector<HTMLElement>('[part~="control"]');
    if (running) this.renderRoot.querySelector('[part~="base"]')?.scrollIntoView({ block: 'nearest' });
    if (lost) control?.focus();
  }

  #visionOptions(): VisionLoadOptions {
    return {
      oval: OVAL,
      ...(this.modelsBaseUrl ? { modelsBaseUrl: this.modelsBaseUrl } : {}),
      ...(this.wasmBaseUrl ? { wasmBaseUrl: this.wasmBaseUrl } : {}),
    };
  }

  /** The port used to reach the server, by precedence. */
  get #port(): LivenessPort | undefined {
    return this.liveness ?? this.session?.liveness ?? this.#context.value?.session?.liveness;
  }

  /** Starts a check (what the start button does). Resolves when it has ended. */
  async start(): Promise<void> {
    const port = this.#port;
    const video = this.renderRoot.querySelector('video');
    if (this.#check.running) return;
    if (!port) {
      this.#message = 'liveness.failed';
      this.emit('air-error', { code: 'NOT_JOINED', recoverable: true, message: 'no session to run the check with' });
      return;
    }
    if (!video) throw new Error('the camera view is not rendered');
    this.#message = undefined;
    const check = this.#check;
    await check.run({
      port,
      video,
      ...this.#visionOptions(),
      ...(this.stream ? { stream: this.stream } : {}),
    });
    const { outcome } = check;
    if ((check.phase === 'passed' || check.phase === 'failed') && outcome) {
      this.emit('air-liveness-completed', {
        passed: outcome.passed,
        ...(outcome.decision ? { decision: outcome.decision } : {}),
        ...(outcome.failure ? { failure: outcome.failure } : {}),
      });
    } else if (check.phase === 'error') {
      const detail = errorDetail(check.error);
      this.#message =
        detail.code === 'VISION_NOT_INSTALLED'
          ? 'liveness.visionMissing'
          : detail.code === 'DEVICE_UNAVAILABLE'
            ? typeof WebAssembly === 'object' && navigator.mediaDevices
              ? 'liveness.cameraUnavailable'
              : 'liveness.unsupported'
            : 'liveness.error';
      this.#errorMessage = detail.message;
      this.requestUpdate();
      this.emit('air-error', detail);
    }
  }

  /** Stops a running check and releases the camera. */
  cancel(): void {
    if (!this.#check.running) return;
    this.#check.cancel();
    this.#message = 'liveness.cancelled';
    this.requestUpdate();
  }

  #prompt(): { key: TermKey; icon: string } | undefined {
    const c = this.#check;
    switch (c.phase) {
      case 'idle':
        return this.#message ? { key: this.#message, icon: 'ℹ' } : undefined;
      case 'loading':
        return { key: 'liveness.loading', icon: '…' };
      case 'positioning': {
        const issue = c.issues[0];
        return issue ? { key: `liveness.guide.${issue}`, icon: '!' } : { key: 'liveness.hold', icon: '✓' };
      }
      case 'challenge': {
        const challenge: LivenessChallenge | undefined = c.challenges[c.index];
        return challenge ? { key: `liveness.do.${challenge}`, icon: '➜' } : undefined;
      }
      case 'submitting':
        return { key: 'liveness.submitting', icon: '…' };
      case 'passed':
        return { key: 'liveness.passed', icon: '✓' };
      case 'failed':
        return {
          key: c.outcome?.failure === 'timeout' && !c.outcome.decision ? 'liveness.failedTimeout' : 'liveness.failed',
          icon: '✗',
        };
      case 'error':
        return { key: this.#message ?? 'liveness.error', icon: '!' };
    }
  }

  #promptText(): string {
    const prompt = this.#prompt();
    return prompt ? this.localize.term(prompt.key, { message: this.#errorMessage }) : '';
  }

  /**
   * Reports the current challenge's instruction as an `air-caption` (and its
   * end). Only challenges: the advice that guides a face into the oval may
   * change every frame and would flood captions and their announcements.
   */
  #reportCaption(text: string): void {
    if (text === this.#captioned) return;
    this.#captioned = text;
    this.emit(
      'air-caption',
      text === ''
        ? { type: 'instruction-cleared', source: 'liveness' }
        : { type: 'instruction', source: 'liveness', text, lang: this.localize.locale },
    );
  }

  #speakPrompt(): void {
    if (!this.speak || typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined')
      return;
    const text = this.#promptText();
    if (!text) return;
    const now = Date.now();
    const since = now - this.#lastSpoken.at;
    // While guiding into the oval the advice can change every frame: say a new one at most every
    // SPEAK_INTERVAL_MS and repeat an unheeded one now and then; say every other change at once.
    const positioning = this.#check.phase === 'positioning';
    const due =
      text !== this.#lastSpoken.text
        ? !positioning || since >= SPEAK_INTERVAL_MS
        : positioning && since >= 4 * SPEAK_INTERVAL_MS;
    if (!due) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = this.localize.locale;
    utterance.rate = this.elderly ? 0.85 : 1;
    speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
    this.#lastSpoken = { text, at: now };
  }

  #progress(): TemplateResult | typeof nothing {
    const c = this.#check;
    if (c.phase !== 'challenge' && c.phase !== 'submitting') return nothing;
    const total = c.challenges.length;
    const current = Math.min(total, c.index + 1);
    const label = this.localize.term('liveness.step', { current, total });
    const share = Math.round(((c.index + (c.phase === 'submitting' ? 0 : c.progress)) / Math.max(1, total)) * 100);
    return html`<div part="progress">
      <span>${label}</span>
      <div
        part="progress-bar"
        role="progressbar"
        aria-label=${label}
        aria-valuemin="0"
        aria-valuemax=${total}
        aria-valuenow=${c.phase === 'submitting' ? total : c.index}
        aria-valuetext=${label}
      >
        <span style="width: ${share}%"></span>
      </div>
    </div>`;
  }

  override render(): TemplateResult {
    const c = this.#check;
    const prompt = this.#prompt();
    const showCamera = c.phase !== 'idle' && c.phase !== 'error';
    const ok = c.phase === 'challenge' || (c.phase === 'positioning' && c.issues.length === 0);
    const canStart = !c.running;
    // On a phone a running check takes the whole screen: camera, instruction and cancel always in view.
    const fullScreen = c.running && this.#smallScreen.matches;
    return html`<section
      part="base"
      aria-label=${this.localize.term('liveness.label')}
      role=${fullScreen ? 'dialog' : nothing}
      aria-modal=${fullScreen ? 'true' : nothing}
      ?data-full-screen=${fullScreen}
    >
      ${
        c.phase === 'idle' && !this.#message
          ? html`<p part="intro">${this.localize.term('liveness.intro')}</p>`
          : nothing
      }
      <div part="camera" ?hidden=${!showCamera}>
        <video part="video" muted playsinline aria-label=${this.localize.term('liveness.camera')}></video>
        <svg part="guide" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true" ?data-ok=${ok}>
          ${svg`<ellipse part="guide-halo" cx=${OVAL.centerX * 100} cy=${OVAL.centerY * 100} rx=${OVAL.radiusX * 100} ry=${OVAL.radiusY * 100}></ellipse>
            <ellipse part="guide-line" cx=${OVAL.centerX * 100} cy=${OVAL.centerY * 100} rx=${OVAL.radiusX * 100} ry=${OVAL.radiusY * 100}></ellipse>`}
        </svg>
      </div>
      <p part="prompt" role="status" aria-live="polite">
        ${prompt ? html`<span part="prompt-icon" aria-hidden="true">${prompt.icon}</span>` : nothing}
        <span>${this.#promptText()}</span>
      </p>
      ${this.#progress()}
      <div part="controls">
        ${
          canStart
            ? html`<button part="control start" type="button" @click=${() => void this.start()}>
                ${this.localize.term(c.phase === 'idle' && !this.#message ? 'liveness.start' : 'liveness.retry')}
              </button>`
            : html`<button part="control cancel" type="button" @click=${() => this.cancel()}>
                ${this.localize.term('liveness.cancel')}
              </button>`
        }
      </div>
    </section>`;
  }
}
