import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { baseStyles } from '../../base/styles.ts';
import type { AirRiskQuestionnaire } from '../risk-questionnaire/risk-questionnaire.component.ts';
import { journeyStyles } from './journey.styles.ts';
import type { JourneyPlainAction, JourneyStepView, JourneyView } from './journey-view.ts';

/**
 * The customer's side of a scripted, recorded journey (双录): the current
 * step as one large card — consent, disclosure (with "Play again" when it is
 * spoken), question (one button per accepted answer, and a hint when a nod or
 * a shake of the head also counts), risk questionnaire, document (the page
 * slots the viewer), notice — with "Step 3 of 9" above it and a one-tap
 * "Talk to a person" below it. Steps the agent performs show their text and
 * say so. When the recording was interrupted the card says the step will be
 * repeated.
 *
 * It has no network code: the page gives it a `view` (`JourneyView`, texts
 * already localized) and sends each `air-journey-action` to the server; the
 * element then waits (buttons disabled) until the next view arrives.
 *
 * A `questionnaire` step embeds `<air-risk-questionnaire>` (registered by
 * the same define module).
 *
 * Focus: whenever a new step (or a new attempt of it) appears, focus moves to
 * its heading, and a polite live region says "Step 3 of 9: <title>" once.
 * A focused button that a new view disables ("Play again" while the text is
 * read aloud) hands focus to the heading rather than dropping it.
 * Keyboard: Tab between the buttons, Enter or Space to press. `elderly`:
 * larger text (body at least 20 px), full-width buttons at least 60 px tall,
 * one column.
 *
 * @summary The customer's journey step as one large card, with progress and a way to a person.
 *
 * @slot document - The document viewer of a `document` step.
 * @slot identity - The identity check of an `identity` step (e.g. `<air-liveness-check>`).
 *
 * A question that offers a nod or a shake has "Answer by nodding" / "Answer by shaking your head" buttons
 * (`confirm-gesture`); the page then opens the server's check and gives it as the step's `gestureCheck`, and the
 * card embeds `<air-liveness-check>` for those head moves (the face models load only then). When the server
 * verified the gesture the element sends the answer with the gesture and the server's `verification` id; when the
 * camera or the face models are unavailable the check says so, and the answer buttons (tap) are always there.
 *
 * @event air-caption - The step on screen changed: `{ type: 'step-opened', stepId, attempt, title, text, lang }` (and `step-closed` for the one before), for `<air-captions>`.
 * @event air-journey-action - A button was pressed: `{ stepId, action, value }` (`accept`, `decline`, `acknowledge`, `play-again`, `answer` with the answer id — and `confirmation`, `verification` after a verified gesture —, `confirm-gesture` with `nod` or `shake`, `submit-answers` with question id → option id, `talk-to-person`).
 *
 * @csspart base - The whole component.
 * @csspart progress - "Step 3 of 9" and the progress bar.
 * @csspart card - The step's card (`data-kind`, `data-state`).
 * @csspart heading - The step's title (focused on each new step).
 * @csspart text - The step's text.
 * @csspart interrupted - The interruption notice.
 * @csspart repeating - The notice on a repeated step.
 * @csspart hint - The nod/shake hint of a question.
 * @csspart gesture-check - The embedded camera check of a nod or shake.
 * @csspart actions - The step's buttons.
 * @csspart action - Each step button (`data-action`).
 * @csspart status - Waiting, completed and ended messages.
 * @csspart talk-to-person - The "Talk to a person" button.
 * @csspart announcer - The live region announcing each step (visually hidden).
 *
 * @cssproperty --air-journey-accent - Colour of the main buttons and the progress bar (falls back to `--air-color-primary`).
 * @cssproperty --air-journey-card-border - The card's border colour (falls back to `--air-color-border`).
 * @cssproperty --air-journey-radius - The card's corner radius (12px).
 * @cssproperty --air-journey-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-journey-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`, 1.375rem).
 * @cssproperty --air-journey-control-size - Minimum button size (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-journey-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-journey-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirJourney extends AirElement {
  static override styles = [baseStyles('journey'), journeyStyles];

  static override properties = {
    view: { attribute: false },
    elderly: { type: Boolean, reflect: true },
    modelsBaseUrl: { attribute: 'models-base-url' },
    wasmBaseUrl: { attribute: 'wasm-base-url' },
  };

  /** What to show (see `JourneyView`); undefined shows "Preparing the next step…". */
  declare view: JourneyView | undefined;
  /** Larger text and full-width buttons (at least 60 px). */
  declare elderly: boolean;
  /** Where the face models of a nod or shake check are served (as on `<air-liveness-check>`). */
  declare modelsBaseUrl: string | undefined;
  /** Where the wasm files of a nod or shake check are served (as on `<air-liveness-check>`). */
  declare wasmBaseUrl: string | undefined;

  /** An action was sent and no new view has arrived since. */
  #sent = false;
  #announcement = '';
  /** Which step (and attempt) the heading was last focused for. */
  #shownKey: string | undefined;
  #focusHeading = false;
  /** The button that had focus before an update (it may be disabled by it, e.g. "Play again" while speech plays). */
  #focusedBefore: HTMLElement | undefined;
  #renderedLocale: string | undefined;
  /** The step whose text was last reported as a caption, and what it said. */
  #captioned: { readonly stepId: string; readonly key: string } | undefined;

  constructor() {
    super();
    this.view = undefined;
    this.elderly = false;
    this.modelsBaseUrl = undefined;
    this.wasmBaseUrl = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const active = this.shadowRoot?.activeElement;
    this.#focusedBefore = active instanceof HTMLButtonElement ? active : undefined;
    if (!changed.has('view')) return;
    this.#sent = false;
    const view = this.view;
    const step = view?.step;
    const key = step ? `${step.stepId}#${step.attempt}` : undefined;
    if (!view || !step || key === this.#shownKey) return;
    this.#shownKey = key;
    this.#announcement = this.localize.term('journey.announce', {
      index: view.index,
      count: view.count,
      title: step.title,
    });
    this.#focusHeading = true;
  }

  protected override updated(): void {
    this.#reportCaption();
    // The embedded questionnaire inherits its language from this shadow tree, which no observer watches.
    if (this.localize.locale !== this.#renderedLocale) {
      this.#renderedLocale = this.localize.locale;
      for (const questionnaire of this.renderRoot.querySelectorAll<AirRiskQuestionnaire>('air-risk-questionnaire')) {
        questionnaire.refreshLocale();
      }
    }
    // A disabled button loses focus (to the page, where a keyboard or screen reader user is lost): keep it on the step.
    const disabledWhileFocused = this.#focusedBefore instanceof HTMLButtonElement && this.#focusedBefore.disabled;
    this.#focusedBefore = undefined;
    if (!this.#focusHeading && !disabledWhileFocused) return;
    this.#focusHeading = false;
    this.shadowRoot?.querySelector<HTMLElement>('[part~="heading"]')?.focus();
  }

  /**
   * Reports the step's title and text (in the language shown) as an
   * `air-caption` whenever another step, attempt or text is on screen, and the
   * end of the step shown before, for the page to hand to `<air-captions>`.
   */
  #reportCaption(): void {
    const step = this.view?.step;
    const lang = step?.lang ?? this.localize.locale;
    const key = step ? [step.stepId, step.attempt, step.title, step.text, lang].join('\u0000') : undefined;
    if (key === this.#captioned?.key) return;
    const previous = this.#captioned;
    this.#captioned = step && key !== undefined ? { stepId: step.stepId, key } : undefined;
    if (previous && previous.stepId !== step?.stepId) {
      this.emit('air-caption', { type: 'step-closed', stepId: previous.stepId });
    }
    if (!step) return;
    this.emit('air-caption', {
      type: 'step-opened',
      stepId: step.stepId,
      attempt: step.attempt,
      title: step.title,
      text: step.text,
      lang,
    });
  }

  #act(step: JourneyStepView, action: JourneyPlainAction): void {
    this.#send(() => this.emit('air-journey-action', { stepId: step.stepId, action, value: undefined }));
  }

  #answer(step: JourneyStepView, answerId: string): void {
    this.#send(() => this.emit('air-journey-action', { stepId: step.stepId, action: 'answer', value: answerId }));
  }

  #gestureAnswered(step: JourneyStepView, event: CustomEvent<{ passed: boolean; decision?: { nonce: string } }>): void {
    const check = step.gestureCheck;
    if (!check || !event.detail.passed || event.detail.decision === undefined) return;
    const verification = event.detail.decision.nonce;
    this.#send(() =>
      this.emit('air-journey-action', {
        stepId: step.stepId,
        action: 'answer',
        value: check.answerId,
        confirmation: check.gesture,
        verification,
      }),
    );
  }

  #renderGestures(step: JourneyStepView): TemplateResult | typeof nothing {
    const term = this.localize.term.bind(this.localize);
    const check = step.gestureCheck;
    if (check) {
      return html`<div part="gesture-check" data-gesture=${check.gesture}>
        <p part="hint">${term(check.gesture === 'nod' ? 'journey.gesture.nodNow' : 'journey.gesture.shakeNow')}</p>
        <air-liveness-check
          .liveness=${check.port}
          ?elderly=${this.elderly}
          models-base-url=${this.modelsBaseUrl ?? nothing}
          wasm-base-url=${this.wasmBaseUrl ?? nothing}
          @air-liveness-completed=${(event: CustomEvent<{ passed: boolean; decision?: { nonce: string } }>) =>
            this.#gestureAnswered(step, event)}
        ></air-liveness-check>
        <p part="hint">${term('journey.gesture.tapInstead')}</p>
      </div>`;
    }
    const gestures = (['nod', 'shake'] as const).filter((g) => step.confirmations?.includes(g) === true);
    if (gestures.length === 0) return nothing;
    return html`<div part="actions" role="group" aria-label=${term('journey.gesture.label')}>
      ${gestures.map(
        (gesture) =>
          html`<button
            part="action"
            class="secondary"
            type="button"
            data-action=${`gesture-${gesture}`}
            ?disabled=${!this.#canAct(step)}
            @click=${() => this.emit('air-journey-action', { stepId: step.stepId, action: 'confirm-gesture', value: gesture })}
          >
            ${term(gesture === 'nod' ? 'journey.gesture.nod' : 'journey.gesture.shake')}
          </button>`,
      )}
    </div>`;
  }

  #send(emit: () => void): void {
    if (this.#sent) return;
    this.#sent = true;
    emit();
    this.requestUpdate();
    // The pressed button is disabled now: focus the message that says what happens next.
    void this.updateComplete.then(() =>
      this.shadowRoot?.querySelector<HTMLElement>('[part~="status"][data-sent]')?.focus(),
    );
  }

  #talkToPerson(): void {
    const stepId = this.view?.step?.stepId ?? '';
    this.emit('air-journey-action', { stepId, action: 'talk-to-person', value: undefined });
  }

  #button(
    step: JourneyStepView,
    action: JourneyPlainAction,
    label: string,
    kind: 'primary' | 'secondary',
  ): TemplateResult {
    return html`<button
      part="action"
      class=${kind}
      type="button"
      data-action=${action}
      ?disabled=${!this.#canAct(step)}
      @click=${() => this.#act(step, action)}
    >
      ${label}
    </button>`;
  }

  #canAct(step: JourneyStepView): boolean {
    return step.state === 'active' && !this.#sent;
  }

  #renderActions(step: JourneyStepView): TemplateResult | typeof nothing {
    const term = this.localize.term.bind(this.localize);
    switch (step.kind) {
      case 'consent':
        return html`<div part="actions">
          ${this.#button(step, 'accept', term('journey.consent.accept'), 'primary')}
          ${this.#button(step, 'decline', term('journey.consent.decline'), 'secondary')}
        </div>`;
      case 'disclosure':
        return html`<div part="actions">
          ${this.#button(step, 'acknowledge', term('journey.disclosure.acknowledge'), 'primary')}
          ${
            step.speech
              ? html`<button
                  part="action"
                  class="secondary"
                  type="button"
                  data-action="play-again"
                  ?disabled=${!this.#canAct(step) || step.speech.playing}
                  @click=${() => this.emit('air-journey-action', { stepId: step.stepId, action: 'play-again', value: undefined })}
                >
                  ${term('journey.disclosure.playAgain')}
                </button>`
              : nothing
          }
        </div>`;
      case 'question':
        return html`<div part="actions" role="group" aria-label=${term('journey.question.answers')}>
            ${(step.answers ?? []).map(
              (answer, i) =>
                html`<button
                  part="action"
                  class=${i === 0 ? 'primary' : 'secondary'}
                  type="button"
                  data-action="answer"
                  data-answer=${answer.id}
                  lang=${step.lang ?? nothing}
                  ?disabled=${!this.#canAct(step)}
                  @click=${() => this.#answer(step, answer.id)}
                >
                  ${answer.label}
                </button>`,
            )}
          </div>
          ${this.#renderGestures(step)}`;
      case 'document':
        return html`<slot name="document"></slot>
          <div part="actions">${this.#button(step, 'acknowledge', term('journey.document.continue'), 'primary')}</div>`;
      case 'notice':
        return html`<div part="actions">
          ${this.#button(step, 'acknowledge', term('journey.notice.acknowledge'), 'primary')}
        </div>`;
      case 'identity':
        return html`<slot name="identity"><p part="hint">${term('journey.identity.hint')}</p></slot>`;
      case 'agent-statement':
        return html`<p part="hint">${term('journey.agent.listen')}</p>`;
      case 'agent-attestation':
        return html`<p part="hint">${term('journey.agent.attesting')}</p>`;
      case 'questionnaire':
        return step.questionnaire
          ? html`<air-risk-questionnaire
              embedded
              .view=${step.questionnaire}
              ?elderly=${this.elderly}
            ></air-risk-questionnaire>`
          : nothing;
    }
  }

  #renderNotices(step: JourneyStepView): TemplateResult | typeof nothing {
    const term = this.localize.term.bind(this.localize);
    if (step.state === 'interrupted') {
      return html`<p part="interrupted" role="alert">${term('journey.interrupted')}</p>`;
    }
    return step.attempt > 1 && step.state === 'active'
      ? html`<p part="repeating">${term('journey.repeating')}</p>`
      : nothing;
  }

  #renderStatus(step: JourneyStepView): TemplateResult | typeof nothing {
    const term = this.localize.term.bind(this.localize);
    if (this.#sent || step.state === 'waiting') {
      return html`<p part="status" tabindex="-1" ?data-sent=${this.#sent}>${term('journey.sending')}</p>`;
    }
    return step.state === 'completed' ? html`<p part="status">${term('journey.completed')}</p>` : nothing;
  }

  #renderStep(step: JourneyStepView): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const nodHint =
      step.kind === 'question' &&
      (step.confirmations?.includes('nod') === true || step.confirmations?.includes('shake') === true);
    // The questionnaire shows its own title and questions: the card gives it the whole space.
    const ownText = step.kind !== 'questionnaire';
    return html`<article part="card" data-kind=${step.kind} data-state=${step.state} aria-labelledby="heading">
      ${this.#renderNotices(step)}
      <h2 part="heading" id="heading" tabindex="-1" lang=${step.lang ?? nothing}>${step.title}</h2>
      ${ownText && step.text ? html`<p part="text" lang=${step.lang ?? nothing}>${step.text}</p>` : nothing}
      ${nodHint ? html`<p part="hint">${term('journey.question.nodHint')}</p>` : nothing}
      ${
        step.kind === 'disclosure' && step.speech?.playing
          ? html`<p part="hint">${term('journey.disclosure.playing')}</p>`
          : nothing
      }
      ${this.#renderActions(step)} ${this.#renderStatus(step)}
    </article>`;
  }

  #renderBody(view: JourneyView | undefined): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    if (view?.state === 'complete' || view?.state === 'incomplete') {
      return html`<p part="status" role="status">
        ${term(view.state === 'complete' ? 'journey.ended.complete' : 'journey.ended.incomplete')}
      </p>`;
    }
    if (!view?.step) return html`<p part="status" role="status">${term('journey.preparing')}</p>`;
    return this.#renderStep(view.step);
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const view = this.view;
    const running = view !== undefined && view.state === 'running';
    const progress = view ? term('journey.progress', { index: view.index, count: view.count }) : '';
    return html`<section part="base" aria-label=${term('journey.label')} lang=${this.localize.locale}>
      ${
        running && view.count > 0
          ? html`<div part="progress">
              <span id="progress-label">${progress}</span>
              <progress max=${view.count} .value=${view.index} aria-labelledby="progress-label"></progress>
            </div>`
          : nothing
      }
      ${this.#renderBody(view)}
      ${
        running && view.canTalkToPerson !== false
          ? html`<button part="talk-to-person" type="button" @click=${() => this.#talkToPerson()}>
              ${term('journey.talkToPerson')}
            </button>`
          : nothing
      }
      <div part="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        ${this.#announcement}
      </div>
    </section>`;
  }
}
