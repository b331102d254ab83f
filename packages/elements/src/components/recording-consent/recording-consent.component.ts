import type { ConsentState, RecordingStatus, Session, Unsubscribe } from '@aircounter/client';
import { html, nothing, type TemplateResult } from 'lit';
import { baseStyles, PRIMARY_CONTROLS } from '../../base/styles.ts';
import { errorMessage } from '../../base/error-message.ts';
import { ServerAction } from '../../base/server-action.ts';
import { SessionBinding } from '../../base/session-binding.ts';
import { SessionElement } from '../../base/session-element.ts';
import { consentStyles } from './recording-consent.styles.ts';

type Action = 'accept' | 'decline' | 'withdraw';

/**
 * The customer's consent to the recording: the bank's consent text (slotted,
 * in the page's language), "I agree" and "I do not agree", and — once given —
 * a way to withdraw it at any time (after a confirmation). What follows a
 * decline (the call continues unrecorded, or ends) is what the server reports
 * for this deployment; the element says it in plain words. Every action is
 * confirmed by the server before the element shows it.
 *
 * Focus: after each action focus moves to the message that states the result.
 * Keyboard: Tab between the buttons, Enter or Space to press.
 *
 * @summary Accept, decline or withdraw consent to the recording.
 *
 * @slot - The consent text the bank shows (give it the `lang` of its language).
 *
 * @event air-consent-changed - The server confirmed a new consent state: `{ consent, onDecline }`.
 * @event air-error - An action failed: `{ code, recoverable, message }`.
 *
 * @csspart base - The whole component.
 * @csspart text - Wraps the slotted consent text.
 * @csspart actions - The button bar.
 * @csspart accept - "I agree to the recording".
 * @csspart decline - "I do not agree".
 * @csspart message - The result of the last action (focused after it).
 * @csspart withdraw - "Withdraw my consent".
 * @csspart confirm - The withdrawal confirmation.
 * @csspart confirm-withdraw - "Yes, stop the recording".
 * @csspart cancel-withdraw - "No, keep recording".
 * @csspart give-again - "Agree to the recording after all".
 * @csspart error - A failure, in plain words.
 *
 * @cssproperty --air-recording-consent-control-size - Minimum button size (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-recording-consent-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-recording-consent-control-background - Background of the main buttons (falls back to `--air-color-primary`).
 * @cssproperty --air-recording-consent-control-color - Text colour of the main buttons (falls back to `--air-color-on-primary`).
 * @cssproperty --air-recording-consent-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirRecordingConsent extends SessionElement {
  static override styles = [baseStyles('recording-consent', PRIMARY_CONTROLS), consentStyles];

  static override properties = {
    consentTextVersion: { attribute: 'consent-text-version' },
    elderly: { type: Boolean, reflect: true },
  };

  /** Version id of the slotted consent text (recorded with the customer's answer). */
  declare consentTextVersion: string;
  /** Larger text and buttons (at least 60 px). */
  declare elderly: boolean;

  readonly #binding = new SessionBinding(this, {
    fromContext: true,
    subscribe: (session) => this.#subscribe(session),
    unbound: () => this.requestUpdate(),
  });
  readonly #action = new ServerAction(this);
  #status: RecordingStatus | undefined;
  #confirming = false;
  #focusMessage = false;

  constructor() {
    super();
    this.consentTextVersion = '';
    this.elderly = false;
  }

  #subscribe(session: Session): Unsubscribe[] {
    this.#status = session.recording.status;
    return [
      session.on('recording', (status) => {
        this.#status = status;
        this.requestUpdate();
      }),
    ];
  }

  get #consent(): ConsentState {
    const status = this.#status;
    if (!status) return 'pending';
    return status.consent ?? (status.consentGiven ? 'given' : 'pending');
  }

  async #act(action: Action): Promise<void> {
    const session = this.#binding.session;
    if (!session) return;
    const locale = this.localize.locale;
    const version = this.consentTextVersion || 'unversioned';
    await this.#action.run(async () => {
      const status =
        action === 'accept'
          ? await session.recording.giveConsent({ consentTextVersion: version, action: 'button:accept', locale })
          : action === 'decline'
            ? await session.recording.declineConsent({ consentTextVersion: version, action: 'button:decline', locale })
            : await session.recording.withdrawConsent({ action: 'button:withdraw', locale });
      this.#status = status;
      this.#confirming = false;
      this.#focusMessage = true;
      this.emit('air-consent-changed', { consent: this.#consent, onDecline: status.onDecline });
    });
  }

  #askWithdraw(open: boolean): void {
    this.#confirming = open;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      const target = open ? 'cancel-withdraw' : 'withdraw';
      this.shadowRoot?.querySelector<HTMLElement>(`[part~="${target}"]`)?.focus();
    });
  }

  protected override updated(): void {
    if (!this.#focusMessage) return;
    this.#focusMessage = false;
    this.shadowRoot?.querySelector<HTMLElement>('[part~="message"]')?.focus();
  }

  #outcome(): string {
    return this.localize.term(`consent.outcome.${this.#status?.onDecline ?? 'continue-unrecorded'}`);
  }

  #renderPending(disabled: boolean): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    return html`<div part="text"><slot></slot></div>
      <div part="actions">
        <button part="accept" type="button" ?disabled=${disabled} @click=${() => void this.#act('accept')}>
          ${term('consent.accept')}
        </button>
        <button
          part="decline"
          class="secondary"
          type="button"
          ?disabled=${disabled}
          @click=${() => void this.#act('decline')}
        >
          ${term('consent.decline')}
        </button>
      </div>`;
  }

  #renderGiven(consent: 'given' | 'external', disabled: boolean): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const recording = this.#status?.state === 'active' || this.#status?.state === 'starting';
    return html`<p part="message" tabindex="-1">
        ${term(consent === 'given' ? 'consent.given' : 'consent.external')}
        ${recording ? term('consent.recordingNow') : nothing}
      </p>
      ${
        this.#confirming
          ? html`<div part="confirm" role="group" aria-labelledby="confirm-question">
              <p id="confirm-question">${term('consent.confirmWithdraw')} ${this.#outcome()}</p>
              <div part="actions">
                <button
                  part="confirm-withdraw"
                  type="button"
                  ?disabled=${disabled}
                  @click=${() => void this.#act('withdraw')}
                >
                  ${term('consent.confirmWithdrawYes')}
                </button>
                <button part="cancel-withdraw" class="secondary" type="button" @click=${() => this.#askWithdraw(false)}>
                  ${term('consent.confirmWithdrawNo')}
                </button>
              </div>
            </div>`
          : html`<div part="actions">
              <button
                part="withdraw"
                class="secondary"
                type="button"
                ?disabled=${disabled}
                @click=${() => this.#askWithdraw(true)}
              >
                ${term('consent.withdraw')}
              </button>
            </div>`
      }`;
  }

  #renderRefused(consent: 'declined' | 'withdrawn', disabled: boolean): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const continues = (this.#status?.onDecline ?? 'continue-unrecorded') === 'continue-unrecorded';
    return html`<p part="message" tabindex="-1">
        ${term(consent === 'declined' ? 'consent.declined' : 'consent.withdrawn')} ${this.#outcome()}
        ${continues ? term('consent.againHint') : nothing}
      </p>
      ${
        continues
          ? html`<div part="actions">
              <button
                part="give-again"
                class="secondary"
                type="button"
                ?disabled=${disabled}
                @click=${() => void this.#act('accept')}
              >
                ${term('consent.giveAgain')}
              </button>
            </div>`
          : nothing
      }`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const disabled = !this.#binding.live || this.#action.busy;
    const consent = this.#consent;
    const body =
      consent === 'pending'
        ? this.#renderPending(disabled)
        : consent === 'given' || consent === 'external'
          ? this.#renderGiven(consent, disabled)
          : this.#renderRefused(consent, disabled);
    return html`<section
      part="base"
      aria-label=${term('consent.label')}
      lang=${this.localize.locale}
      data-consent=${consent}
    >
      ${body} ${this.#action.busy ? html`<p role="status">${term('consent.working')}</p>` : nothing}
      ${
        this.#action.error
          ? html`<p part="error" role="alert">${errorMessage(this.localize, this.#action.error)}</p>`
          : nothing
      }
    </section>`;
  }
}
