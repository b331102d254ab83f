import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { baseStyles } from '../../base/styles.ts';
import { Countdown } from './countdown.ts';
import { REASON_MAX_LENGTH, REASON_MIN_LENGTH, type PrompterAction, type PrompterView } from './prompter-view.ts';
import { prompterStyles } from './script-prompter.styles.ts';

/** The actions that need a written reason. */
type ReasonAction = Extract<PrompterAction, 'attest' | 'override' | 'skip'>;

/** Why the reason form cannot be sent yet. */
type ReasonProblem = 'missing' | 'too-short';

/** The label of each reason form's submit button. */
const SUBMIT_TERMS = {
  attest: 'prompter.attestSubmit',
  override: 'prompter.overrideSubmit',
  skip: 'prompter.skipSubmit',
} as const;

/**
 * The agent's teleprompter for a scripted, recorded journey (双录): the text
 * to read, large and never in a scroll box; whether the step is mandatory;
 * what the customer has done on it; a minimum-duration countdown before
 * "Done" is enabled; "Next step" and "Previous step" only when the server's
 * state allows them; an attestation (the agent confirms what they saw), a
 * suitability override and the skip of an optional step, each with a
 * written reason (3 to 1,000 characters, the journey engine's bounds); and an
 * outline of every step with mandatory markers.
 *
 * It has no network code: the page gives it a `view` (`PrompterView`) and
 * sends each `air-journey-action` to the server. After an action the buttons
 * wait (disabled) until the next view arrives; an action the view does not
 * list is never offered.
 *
 * Focus: a new step focuses its heading; an action focuses the "Sent"
 * message; opening a reason form focuses its text box, and Cancel returns
 * focus to the button that opened it. Keyboard: Tab between controls, Enter
 * or Space to press, Enter in the form submits. The end of the countdown is
 * announced once in a polite live region.
 *
 * @summary The agent's script, customer progress, timers and the actions the journey allows.
 *
 * @event air-journey-action - The agent pressed an action: `{ stepId, action, value }` (`done`, `next`, `back`; `attest`, `override` and `skip` with the reason).
 *
 * @csspart base - The whole component.
 * @csspart header - Progress and the mandatory marker.
 * @csspart progress - "Step 3 of 9".
 * @csspart mandatory - The mandatory marker.
 * @csspart optional - The optional marker.
 * @csspart heading - The step's title (focused on each new step).
 * @csspart script - The text to read.
 * @csspart customer - What the customer has done (`data-progress`).
 * @csspart interrupted - The interruption notice.
 * @csspart countdown - The remaining time before "Done".
 * @csspart actions - The action buttons.
 * @csspart action - Each action button (`data-action`).
 * @csspart reason-form - The attestation, override or skip form (`data-action`).
 * @csspart reason - The reason text box.
 * @csspart error - "Please write a reason." (or that it is too short).
 * @csspart status - The "Sent" message (focused after an action).
 * @csspart outline - The list of every step.
 * @csspart outline-step - One step of the outline (`data-status`).
 * @csspart announcer - The live region (visually hidden).
 *
 * @cssproperty --air-script-prompter-accent - Colour of the main buttons and the script's edge (falls back to `--air-color-primary`).
 * @cssproperty --air-script-prompter-script-size - Size of the script text (1.5 × the text size).
 * @cssproperty --air-script-prompter-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-script-prompter-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`, 1.375rem).
 * @cssproperty --air-script-prompter-control-size - Minimum button size (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-script-prompter-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-script-prompter-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirScriptPrompter extends AirElement {
  static override styles = [baseStyles('script-prompter'), prompterStyles];

  static override properties = {
    view: { attribute: false },
    elderly: { type: Boolean, reflect: true },
  };

  /** The current step and what the state allows (see `PrompterView`). */
  declare view: PrompterView | undefined;
  /** Larger text and buttons (at least 60 px). */
  declare elderly: boolean;

  readonly #countdown = new Countdown(this, () => this.#announce(this.localize.term('prompter.doneAvailable')));
  #sent = false;
  #form: ReasonAction | undefined;
  #reasonProblem: ReasonProblem | undefined;
  #announcement = '';
  #shownStep: string | undefined;
  #focus: string | undefined;

  constructor() {
    super();
    this.view = undefined;
    this.elderly = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('view')) return;
    this.#sent = false;
    const view = this.view;
    if (!view) return;
    this.#countdown.start(view.minimumRemainingMs);
    if (view.stepId !== this.#shownStep) {
      this.#shownStep = view.stepId;
      this.#form = undefined;
      this.#focus = '[part~="heading"]';
    }
    // A form whose action the state no longer allows closes.
    if (this.#form && !view.allowed.includes(this.#form)) this.#form = undefined;
  }

  protected override updated(): void {
    if (this.#focus === undefined) return;
    const selector = this.#focus;
    this.#focus = undefined;
    this.shadowRoot?.querySelector<HTMLElement>(selector)?.focus();
  }

  #announce(text: string): void {
    this.#announcement = text;
    this.requestUpdate();
  }

  #allowed(action: PrompterAction): boolean {
    const view = this.view;
    if (!view || this.#sent || !view.allowed.includes(action)) return false;
    return action !== 'done' || this.#countdown.remainingMs === 0;
  }

  #act(action: 'done' | 'next' | 'back'): void {
    const view = this.view;
    if (!view || !this.#allowed(action)) return;
    this.emit('air-journey-action', { stepId: view.stepId, action, value: undefined });
    this.#afterSend();
  }

  #afterSend(): void {
    this.#sent = true;
    this.#form = undefined;
    this.#focus = '[part~="status"]';
    this.requestUpdate();
  }

  #openForm(action: ReasonAction | undefined, returnTo?: ReasonAction): void {
    this.#form = action;
    this.#reasonProblem = undefined;
    this.#focus = action ? '[part~="reason"]' : `[data-action="${returnTo ?? ''}"]`;
    this.requestUpdate();
  }

  #submitReason(event: SubmitEvent, action: ReasonAction): void {
    event.preventDefault();
    const view = this.view;
    const box = this.shadowRoot?.querySelector<HTMLTextAreaElement>('[part~="reason"]');
    if (!view || !box || !this.#allowed(action)) return;
    const reason = box.value.trim();
    // The server would refuse a shorter reason; the text box itself stops a longer one.
    const problem: ReasonProblem | undefined =
      reason === '' ? 'missing' : reason.length < REASON_MIN_LENGTH ? 'too-short' : undefined;
    if (problem !== undefined) {
      this.#reasonProblem = problem;
      this.#focus = '[part~="reason"]';
      this.requestUpdate();
      return;
    }
    this.emit('air-journey-action', { stepId: view.stepId, action, value: reason });
    this.#afterSend();
  }

  #renderForm(view: PrompterView, action: ReasonAction): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const problem = this.#reasonProblem;
    return html`<form
      part="reason-form"
      data-action=${action}
      @submit=${(e: SubmitEvent) => this.#submitReason(e, action)}
    >
      ${
        action === 'override' && view.suitability
          ? html`<p>
              ${term('prompter.suitability', {
                customer: view.suitability.customerLevel,
                product: view.suitability.productLevel,
              })}
            </p>`
          : nothing
      }
      ${action === 'skip' ? html`<p>${term('prompter.skipHint')}</p>` : nothing}
      <label for="reason">${term('prompter.reason')}</label>
      <textarea
        part="reason"
        id="reason"
        maxlength=${REASON_MAX_LENGTH}
        aria-required="true"
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${problem ? 'reason-error' : nothing}
      ></textarea>
      ${
        problem
          ? html`<p part="error" id="reason-error" role="alert">
              ${
                problem === 'missing'
                  ? term('prompter.reasonRequired')
                  : term('prompter.reasonTooShort', { min: REASON_MIN_LENGTH })
              }
            </p>`
          : nothing
      }
      <div part="actions">
        <button class="primary" type="submit">${term(SUBMIT_TERMS[action])}</button>
        <button type="button" @click=${() => this.#openForm(undefined, action)}>${term('prompter.cancel')}</button>
      </div>
    </form>`;
  }

  #renderActions(view: PrompterView): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const button = (
      action: 'done' | 'next' | 'back',
      label: string,
      primary = false,
    ): TemplateResult | typeof nothing =>
      view.allowed.includes(action)
        ? html`<button
            part="action"
            class=${primary ? 'primary' : ''}
            type="button"
            data-action=${action}
            ?disabled=${!this.#allowed(action)}
            @click=${() => this.#act(action)}
          >
            ${label}
          </button>`
        : nothing;
    const opener = (action: ReasonAction, label: string): TemplateResult | typeof nothing =>
      view.allowed.includes(action) && this.#form !== action
        ? html`<button
            part="action"
            type="button"
            data-action=${action}
            ?disabled=${this.#sent}
            @click=${() => this.#openForm(action)}
          >
            ${label}
          </button>`
        : nothing;
    return html`<div part="actions">
        ${button('done', term('prompter.done'), true)} ${button('back', term('prompter.back'))}
        ${button('next', term('prompter.next'))} ${opener('attest', term('prompter.attest'))}
        ${opener('override', term('prompter.override'))} ${opener('skip', term('prompter.skip'))}
      </div>
      ${this.#form ? this.#renderForm(view, this.#form) : nothing}`;
  }

  #renderCountdown(view: PrompterView): TemplateResult | typeof nothing {
    const remaining = this.#countdown.remainingMs;
    if (!view.allowed.includes('done') || remaining === 0) return nothing;
    // Not a live region: a ticking number would be read out every second.
    return html`<p part="countdown">
      ${this.localize.term('prompter.countdown', { seconds: Math.ceil(remaining / 1000) })}
    </p>`;
  }

  #renderOutline(view: PrompterView): TemplateResult | typeof nothing {
    const term = this.localize.term.bind(this.localize);
    if (!view.outline || view.outline.length === 0) return nothing;
    return html`<nav aria-labelledby="outline-heading">
      <h3 id="outline-heading">${term('prompter.outline')}</h3>
      <ol part="outline">
        ${view.outline.map(
          (step) =>
            html`<li
              part="outline-step"
              data-status=${step.status}
              aria-current=${step.status === 'current' ? 'step' : nothing}
            >
              <span lang=${view.lang ?? nothing}>${step.title}</span>
              (${term(`prompter.outline.${step.status}`)}${step.mandatory ? html`, <strong>${term('prompter.mandatory')}</strong>` : nothing})
            </li>`,
        )}
      </ol>
    </nav>`;
  }

  #renderStep(view: PrompterView): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    return html`<div part="header">
        <span part="progress">${term('prompter.progress', { index: view.index, count: view.count })}</span>
        ${
          view.mandatory
            ? html`<span part="mandatory">${term('prompter.mandatory')}</span>`
            : html`<span part="optional">${term('prompter.optional')}</span>`
        }
      </div>
      ${view.interrupted ? html`<p part="interrupted" role="alert">${term('prompter.interrupted')}</p>` : nothing}
      <h2 part="heading" tabindex="-1" lang=${view.lang ?? nothing}>${view.title}</h2>
      <p class="visually-hidden">${term('prompter.read')}</p>
      <p part="script" lang=${view.lang ?? nothing}>${view.script}</p>
      <p part="customer" data-progress=${view.customer.progress}>
        <span>${term('prompter.customer')}</span>
        <strong>${term(`prompter.customer.${view.customer.progress}`)}</strong>
        ${view.customer.text ? html`<span>${view.customer.text}</span>` : nothing}
      </p>
      ${this.#renderCountdown(view)} ${this.#renderActions(view)}
      ${this.#sent ? html`<p part="status" role="status" tabindex="-1">${term('prompter.sending')}</p>` : nothing}
      ${this.#renderOutline(view)}`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const view = this.view;
    return html`<section part="base" aria-label=${term('prompter.label')} lang=${this.localize.locale}>
      ${view ? this.#renderStep(view) : html`<p role="status">${term('journey.preparing')}</p>`}
      <div part="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        ${this.#announcement}
      </div>
    </section>`;
  }
}
