import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { baseStyles } from '../../base/styles.ts';
import type { QuestionnaireQuestion, QuestionnaireView } from './questionnaire-view.ts';
import { questionnaireStyles } from './risk-questionnaire.styles.ts';

/** Which screen is shown: a question (by index), the review, or what the server answered. */
type Screen =
  { readonly kind: 'question'; readonly index: number } | { readonly kind: 'review' } | { readonly kind: 'after' };

/**
 * A risk assessment (理财风险评测) for the customer: one scored question per
 * screen with "Question 2 of 10", a review of every answer before submitting
 * (each one can be changed), then the risk level C1–C5 the server computed
 * and, when a product was checked, whether it suits. The scores stay on the
 * server; the element only collects the choices.
 *
 * It has no network code: the page gives it a `view` (`QuestionnaireView`,
 * texts already localized) and sends the `air-journey-action`
 * (`submit-answers`) to the server, then sets the view to `submitted` and
 * later `result`.
 *
 * Focus: each new screen (question, review, result) focuses its heading.
 * Keyboard: Tab to the answers, arrow keys choose among them (a radio
 * group), Tab to Next/Back/Submit, Enter or Space to press. Pressing Next
 * without an answer says so (an alert) and keeps focus on the answers.
 *
 * @summary Scored risk questions one per screen, a review, and the C1–C5 result.
 *
 * @event air-journey-action - The customer submitted: `{ stepId, action: 'submit-answers', value: { [questionId]: optionId } }`.
 *
 * @csspart base - The whole component.
 * @csspart title - The questionnaire's title.
 * @csspart progress - "Question 2 of 10".
 * @csspart question - The current question's group of answers.
 * @csspart question-text - The question (focused on each new question).
 * @csspart option - One answer (a large label around a radio button).
 * @csspart error - "Please choose an answer."
 * @csspart actions - Next, Back, Submit.
 * @csspart next - The Next button.
 * @csspart back - The Back button.
 * @csspart review-heading - "Check your answers" (focused on the review).
 * @csspart review - The list of questions and chosen answers.
 * @csspart review-item - One question with its answer.
 * @csspart change - The button that goes back to one question.
 * @csspart submit - "Submit my answers".
 * @csspart status - The message after submitting.
 * @csspart result-heading - "Your risk level: C3 · Balanced" (focused when the result arrives).
 * @csspart suitability - Whether the product suits (`data-suitable`).
 *
 * @cssproperty --air-risk-questionnaire-accent - Colour of the chosen answer and the main buttons (falls back to `--air-color-primary`).
 * @cssproperty --air-risk-questionnaire-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-risk-questionnaire-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`, 1.375rem).
 * @cssproperty --air-risk-questionnaire-control-size - Minimum size of buttons and answers (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-risk-questionnaire-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-risk-questionnaire-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirRiskQuestionnaire extends AirElement {
  static override styles = [baseStyles('risk-questionnaire'), questionnaireStyles];

  static override properties = {
    view: { attribute: false },
    elderly: { type: Boolean, reflect: true },
    embedded: { type: Boolean, reflect: true },
  };

  /** The questions and where the assessment stands (see `QuestionnaireView`). */
  declare view: QuestionnaireView | undefined;
  /** Larger text, full-width answers and buttons (at least 60 px). */
  declare elderly: boolean;
  /** Shown inside another card that carries the title (e.g. `<air-journey>`): no own title or padding. */
  declare embedded: boolean;

  #screen: Screen = { kind: 'question', index: 0 };
  #answers = new Map<string, string>();
  #missing = false;
  /** Screen whose heading gets focus after the next render. */
  #focusPending = false;

  constructor() {
    super();
    this.view = undefined;
    this.elderly = false;
    this.embedded = false;
  }

  /** The answers chosen so far: question id → option id. */
  get answers(): Readonly<Record<string, string>> {
    return Object.fromEntries(this.#answers);
  }

  /**
   * Re-reads the inherited `lang`. Changes of the document's `lang` are
   * followed by themselves; a host that changes the `lang` inside its own
   * shadow tree (as `<air-journey>` does) calls this.
   */
  refreshLocale(): void {
    this.localize.refresh();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('view')) return;
    const previous = changed.get('view');
    const view = this.view;
    if (!view) return;
    if (previous?.stepId !== view.stepId) {
      // Another questionnaire (or the first): start at its first question.
      this.#answers = new Map();
      this.#screen = view.state === 'answering' ? { kind: 'question', index: 0 } : { kind: 'after' };
      this.#missing = false;
      if (previous !== undefined) this.#focusPending = true;
    } else if (view.state !== 'answering' && this.#screen.kind !== 'after') {
      this.#screen = { kind: 'after' };
      this.#focusPending = true;
    } else if (view.state === 'result' && previous?.state !== 'result') {
      this.#focusPending = true;
    } else if (view.state === 'answering' && this.#screen.kind === 'after') {
      // The server asks again (e.g. the submission was refused): back to the review.
      this.#screen = { kind: 'review' };
      this.#focusPending = true;
    }
  }

  protected override updated(): void {
    if (!this.#focusPending) return;
    this.#focusPending = false;
    this.shadowRoot?.querySelector<HTMLElement>('[data-focus-target]')?.focus();
  }

  #go(screen: Screen): void {
    this.#screen = screen;
    this.#missing = false;
    this.#focusPending = true;
    this.requestUpdate();
  }

  #next(question: QuestionnaireQuestion, index: number, count: number): void {
    if (!this.#answers.has(question.id)) {
      this.#missing = true;
      this.requestUpdate();
      void this.updateComplete.then(() =>
        this.shadowRoot?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus(),
      );
      return;
    }
    this.#go(index + 1 < count ? { kind: 'question', index: index + 1 } : { kind: 'review' });
  }

  #choose(question: QuestionnaireQuestion, optionId: string): void {
    this.#answers.set(question.id, optionId);
    this.#missing = false;
    this.requestUpdate();
  }

  #submit(view: QuestionnaireView): void {
    this.emit('air-journey-action', { stepId: view.stepId, action: 'submit-answers', value: this.answers });
    this.#go({ kind: 'after' });
  }

  #renderQuestion(view: QuestionnaireView, index: number): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const question = view.questions[index];
    if (!question) return html``;
    const count = view.questions.length;
    const chosen = this.#answers.get(question.id);
    return html`<p part="progress">${term('questionnaire.progress', { index: index + 1, count })}</p>
      <fieldset
        part="question"
        aria-labelledby="question-text"
        aria-describedby=${this.#missing ? 'missing' : nothing}
        lang=${view.lang ?? nothing}
      >
        <h3 part="question-text" id="question-text" tabindex="-1" data-focus-target>${question.text}</h3>
        ${question.options.map(
          (option) =>
            html`<label part="option">
              <input
                type="radio"
                name=${`q-${question.id}`}
                value=${option.id}
                .checked=${chosen === option.id}
                @change=${() => this.#choose(question, option.id)}
              />
              <span>${option.label}</span>
            </label>`,
        )}
      </fieldset>
      ${this.#missing ? html`<p part="error" id="missing" role="alert">${term('questionnaire.choose')}</p>` : nothing}
      <div part="actions">
        <button part="next" class="primary" type="button" @click=${() => this.#next(question, index, count)}>
          ${term('questionnaire.next')}
        </button>
        ${
          index > 0
            ? html`<button part="back" type="button" @click=${() => this.#go({ kind: 'question', index: index - 1 })}>
                ${term('questionnaire.back')}
              </button>`
            : nothing
        }
      </div>`;
  }

  #renderReview(view: QuestionnaireView): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const complete = view.questions.every((question) => this.#answers.has(question.id));
    return html`<h3 part="review-heading" tabindex="-1" data-focus-target>${term('questionnaire.review')}</h3>
      <ol part="review" lang=${view.lang ?? nothing}>
        ${view.questions.map((question, index) => {
          const option = question.options.find((candidate) => candidate.id === this.#answers.get(question.id));
          return html`<li part="review-item">
            <span>${question.text}</span>
            <strong>${option?.label ?? term('questionnaire.unanswered')}</strong>
            <button
              part="change"
              type="button"
              aria-label=${term('questionnaire.changeAnswer', { index: index + 1 })}
              @click=${() => this.#go({ kind: 'question', index })}
            >
              ${term('questionnaire.change')}
            </button>
          </li>`;
        })}
      </ol>
      <div part="actions">
        <button part="submit" class="primary" type="button" ?disabled=${!complete} @click=${() => this.#submit(view)}>
          ${term('questionnaire.submit')}
        </button>
        <button
          part="back"
          type="button"
          @click=${() => this.#go({ kind: 'question', index: view.questions.length - 1 })}
        >
          ${term('questionnaire.back')}
        </button>
      </div>`;
  }

  #renderAfter(view: QuestionnaireView): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const result = view.state === 'result' ? view.result : undefined;
    if (!result) {
      return html`<p part="status" role="status" tabindex="-1" data-focus-target>
        ${term('questionnaire.submitted')}
      </p>`;
    }
    const level = term(`questionnaire.level.${result.level}`);
    return html`<h3 part="result-heading" tabindex="-1" data-focus-target>
        ${term('questionnaire.result', { level: '' })}<span part="level">${level}</span>
      </h3>
      ${
        result.product
          ? html`<p part="suitability" data-suitable=${String(result.product.suitable)}>
              ${term(result.product.suitable ? 'questionnaire.suitable' : 'questionnaire.unsuitable', {
                product: result.product.level,
              })}
            </p>`
          : nothing
      }`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const view = this.view;
    const screen = this.#screen;
    let body: TemplateResult = html``;
    if (view) {
      body =
        screen.kind === 'question'
          ? this.#renderQuestion(view, screen.index)
          : screen.kind === 'review'
            ? this.#renderReview(view)
            : this.#renderAfter(view);
    }
    return html`<section
      part="base"
      aria-label=${view?.title ?? term('questionnaire.label')}
      lang=${this.localize.locale}
      data-screen=${screen.kind}
    >
      ${view && !this.embedded ? html`<h2 part="title" lang=${view.lang ?? nothing}>${view.title}</h2>` : nothing}
      ${body}
    </section>`;
  }
}
