import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { baseStyles, PRIMARY_CONTROLS } from '../../base/styles.ts';
import { consentStyles } from '../recording-consent/recording-consent.styles.ts';
import { detectPlatform, deviceProblem, type DeviceProblem, type Platform } from './device-problem.ts';
import { deviceHelpStyles } from './device-help.styles.ts';

/** The state of a callback request, set by the page that sent it. */
export type CallbackState = 'idle' | 'requested' | 'failed';

const STEPS = ['1', '2', '3'] as const;

/**
 * What to do when the camera or microphone cannot be used: a plain title, the
 * steps to allow them on the customer's platform (Android Chrome, iOS Safari,
 * desktop browsers), "Try again", and "Call me back / talk to a person" for
 * customers who cannot or do not want to fix it themselves.
 *
 * Give it the error the join (or `getUserMedia`) rejected with; it works out
 * whether access was denied, no device was found, or the device is busy. It
 * has no network code: the page handles `air-request-retry` (join again) and
 * `air-request-callback` (ask the bank's back end), then sets `callback`.
 *
 * Focus: `focus()` moves focus to the title, so that screen readers start at
 * the explanation (call it when the element appears).
 *
 * @summary Guidance, retry and a way to a person when the camera or microphone is blocked.
 *
 * @event air-request-retry - The customer pressed "Try again": `{ problem }`.
 * @event air-request-callback - The customer asked for a call back: `{ problem, locale }`.
 *
 * @csspart base - The whole component.
 * @csspart title - The heading.
 * @csspart intro - What happened and what to do.
 * @csspart steps - The numbered steps for this platform.
 * @csspart actions - The button bar.
 * @csspart retry - "Try again".
 * @csspart callback - "Call me back / talk to a person".
 * @csspart callback-status - The answer to a callback request.
 *
 * @cssproperty --air-device-help-control-size - Minimum button size (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-device-help-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-device-help-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-device-help-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirDeviceHelp extends AirElement {
  static override styles = [baseStyles('device-help', PRIMARY_CONTROLS), consentStyles, deviceHelpStyles];

  static override properties = {
    error: { attribute: false },
    problem: { reflect: true },
    platform: {},
    callback: { reflect: true },
    elderly: { type: Boolean, reflect: true },
  };

  /** What the join or capture rejected with; sets `problem`. */
  declare error: unknown;
  /** `denied` (default), `not-found`, `in-use`, `insecure` or `other`. */
  declare problem: DeviceProblem;
  /** `android`, `ios` or `desktop`; detected from the browser when not set. */
  declare platform: Platform | undefined;
  /** `idle`, `requested` or `failed`: the page's answer to `air-request-callback`. */
  declare callback: CallbackState;
  /** Larger text and buttons (at least 60 px). */
  declare elderly: boolean;

  constructor() {
    super();
    this.error = undefined;
    this.problem = 'denied';
    this.platform = undefined;
    this.callback = 'idle';
    this.elderly = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('error') && this.error !== undefined) this.problem = deviceProblem(this.error);
  }

  /** Focuses the title (the start of the explanation). */
  override focus(options?: FocusOptions): void {
    this.shadowRoot?.querySelector<HTMLElement>('[part~="title"]')?.focus(options);
  }

  get #platform(): Platform {
    return this.platform ?? detectPlatform(navigator.userAgent, navigator.maxTouchPoints);
  }

  #retry(): void {
    this.emit('air-request-retry', { problem: this.problem }, { cancelable: true });
  }

  #askCallback(): void {
    this.emit('air-request-callback', { problem: this.problem, locale: this.localize.locale }, { cancelable: true });
  }

  #renderSteps(): TemplateResult | typeof nothing {
    if (this.problem !== 'denied') return nothing;
    const platform = this.#platform;
    const term = this.localize.term.bind(this.localize);
    return html`<ol part="steps" aria-label=${term('deviceHelp.steps')} data-platform=${platform}>
      ${STEPS.map((step) => html`<li>${term(`deviceHelp.${platform}.${step}`)}</li>`)}
      <li>${term('deviceHelp.lastStep')}</li>
    </ol>`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const problem = this.problem;
    return html`<section part="base" aria-labelledby="title" lang=${this.localize.locale}>
      <h2 id="title" part="title" tabindex="-1">${term(`deviceHelp.title.${problem}`)}</h2>
      <p part="intro">${term(`deviceHelp.intro.${problem}`)}</p>
      ${this.#renderSteps()}
      <div part="actions">
        <button part="retry" type="button" @click=${() => this.#retry()}>${term('deviceHelp.retry')}</button>
        <button
          part="callback"
          class="secondary"
          type="button"
          ?disabled=${this.callback === 'requested'}
          @click=${() => this.#askCallback()}
        >
          ${term('deviceHelp.callback')}
        </button>
      </div>
      <p part="callback-status" role="status">
        ${
          this.callback === 'requested'
            ? term('deviceHelp.callbackRequested')
            : this.callback === 'failed'
              ? term('deviceHelp.callbackFailed')
              : nothing
        }
      </p>
    </section>`;
  }
}
