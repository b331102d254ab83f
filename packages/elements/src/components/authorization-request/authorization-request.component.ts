import type { AuthorizationView, Session, Unsubscribe } from '@aircounter/client';
import { html, nothing, type TemplateResult } from 'lit';
import { errorMessage } from '../../base/error-message.ts';
import { ServerAction } from '../../base/server-action.ts';
import { SessionBinding } from '../../base/session-binding.ts';
import { SessionElement } from '../../base/session-element.ts';
import { amountText, toMinorUnits } from '../../base/money.ts';
import { baseStyles, fieldStyles, PRIMARY_CONTROLS } from '../../base/styles.ts';
import { Ticker } from '../../base/ticker.ts';
import { formatElapsed } from '../recording-status/coverage-text.ts';
import { styles } from './authorization-request.styles.ts';

/**
 * The agent's side of remote authorization: a form that raises a request for
 * `operation-type` (amount, reason, a note, optionally a still of the
 * customer taken by the server now) and the live status of every request of
 * the session — pending with the time left, approved, declined, expired or
 * cancelled — with a cancel button while pending. The server decides who may
 * approve; this element only shows what the server reports.
 *
 * Accessibility: a labelled form; status changes are announced through a
 * polite status region; the countdown is a `role="timer"`.
 *
 * @summary The agent's authorization request form and its live status.
 *
 * @event air-error - Raising or cancelling failed: `{ code, recoverable, message }`.
 *
 * @csspart base - The whole component.
 * @csspart form - The request form.
 * @csspart submit - The button that raises the request.
 * @csspart requests - The list of the session's requests.
 * @csspart request - One request.
 * @csspart status - A request's status (`data-status`: pending, approved, declined, expired, cancelled).
 * @csspart countdown - Time left before the request escalates or expires (a `role="timer"`).
 * @csspart cancel - The cancel button of a pending request.
 * @csspart error - A refusal, in plain words.
 *
 * @cssproperty --air-authorization-request-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-authorization-request-elderly-font-size - Text size in elderly mode.
 * @cssproperty --air-authorization-request-control-size - Minimum button size (falls back to `--air-target-size`).
 * @cssproperty --air-authorization-request-elderly-control-size - The same in elderly mode (at least 60 px).
 * @cssproperty --air-authorization-request-control-background - Button background (falls back to `--air-color-primary`).
 * @cssproperty --air-authorization-request-control-color - Button text colour (falls back to `--air-color-on-primary`).
 */
export class AirAuthorizationRequest extends SessionElement {
  static override styles = [baseStyles('authorization-request', PRIMARY_CONTROLS), fieldStyles, styles];

  static override properties = {
    operationType: { attribute: 'operation-type' },
    currency: {},
    elderly: { type: Boolean, reflect: true },
  };

  /** The bank's operation type the form asks for (e.g. `cash-withdrawal`). */
  declare operationType: string;
  /** ISO 4217 code of the amount (default CNY). */
  declare currency: string;
  /** Larger text and targets (at least 60 px). */
  declare elderly: boolean;

  readonly #binding = new SessionBinding(this, {
    fromContext: true,
    subscribe: (session) => this.#subscribe(session),
    unbound: () => this.#reset(),
  });
  readonly #requests = new Map<string, AuthorizationView>();
  readonly #action = new ServerAction(this);
  /** Moves the countdowns of pending requests. */
  readonly #ticker = new Ticker(this);
  #announcement = '';

  constructor() {
    super();
    this.operationType = 'cash-withdrawal';
    this.currency = 'CNY';
    this.elderly = false;
  }

  #subscribe(session: Session): Unsubscribe[] {
    return [session.on('authorizationUpdated', (view) => this.#update(view))];
  }

  #reset(): void {
    this.#requests.clear();
    this.#ticker.stop();
    this.requestUpdate();
  }

  #update(view: AuthorizationView): void {
    const previous = this.#requests.get(view.requestId);
    this.#requests.set(view.requestId, view);
    if (previous?.status !== view.status) {
      this.#announcement = this.localize.term(`authorization.status.${view.status}`);
    }
    this.#ticker.run([...this.#requests.values()].some((request) => request.status === 'pending'));
    this.requestUpdate();
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const session = this.#binding.session;
    const form = event.target as HTMLFormElement;
    if (!session || this.#action.busy) return;
    const data = new FormData(form);
    const amount = toMinorUnits(String(data.get('amount') ?? ''));
    if (amount === undefined) {
      this.#action.error = { code: 'INVALID_PARAMS', recoverable: true, message: 'amount' };
      this.requestUpdate();
      return;
    }
    await this.#action.run(async () => {
      const attachments: string[] = [];
      if (data.get('still') === 'on') {
        const customer = session.participants.find((participant) => participant.role === 'customer');
        if (customer) attachments.push((await session.authorization.takeStill(customer.peerId)).sha256);
      }
      const view = await session.authorization.request({
        operationType: this.operationType,
        amount,
        currency: this.currency,
        reason: String(data.get('reason') ?? ''),
        note: String(data.get('note') ?? ''),
        attachments,
      });
      this.#update(view);
      form.reset();
    });
  }

  async #cancel(requestId: string): Promise<void> {
    const session = this.#binding.session;
    if (!session) return;
    try {
      this.#update(await session.authorization.cancel(requestId));
    } catch (error: unknown) {
      this.#action.fail(error);
    }
  }

  #renderRequest(view: AuthorizationView, now: number): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const approvals = view.votes.filter((vote) => vote.decision === 'approve').length;
    return html`<li part="request">
      <p><strong>${amountText(this.localize, view.amount, view.currency)}</strong> — ${view.reason}</p>
      <p part="status" data-status=${view.status}>${term(`authorization.status.${view.status}`)}</p>
      ${
        view.status === 'pending'
          ? html`<p>${term('authorization.approvals', { given: String(approvals), needed: String(view.approvals) })}</p>
              <p>
                ${term('authorization.timeLeft')}
                <span part="countdown" role="timer">${formatElapsed(Date.parse(view.deadlineAt) - now)}</span>
              </p>
              <button part="cancel" type="button" @click=${() => void this.#cancel(view.requestId)}>
                ${term('authorization.cancel')}
              </button>`
          : nothing
      }
    </li>`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const live = this.#binding.session !== undefined && this.#binding.state === 'connected';
    const now = Date.now();
    const requests = [...this.#requests.values()];
    const error = this.#action.error;
    return html`<section part="base" aria-label=${term('authorization.label')} lang=${this.localize.locale}>
      <form part="form" @submit=${(event: SubmitEvent) => void this.#submit(event)}>
        <label
          >${term('authorization.amount', { currency: this.currency })}
          <input name="amount" inputmode="decimal" autocomplete="off" required />
        </label>
        <label
          >${term('authorization.reason')}
          <input name="reason" maxlength="500" required />
        </label>
        <label
          >${term('authorization.note')}
          <textarea name="note" maxlength="2000" rows="2"></textarea>
        </label>
        <label class="check"><input type="checkbox" name="still" checked /> ${term('authorization.attachStill')}</label>
        <button part="submit" type="submit" ?disabled=${!live || this.#action.busy}>
          ${term('authorization.submit')}
        </button>
      </form>
      ${
        error
          ? html`<p part="error" role="alert">
              ${
                error.code === 'INVALID_PARAMS' && error.message === 'amount'
                  ? term('authorization.badAmount')
                  : errorMessage(this.localize, error)
              }
            </p>`
          : nothing
      }
      ${
        requests.length > 0
          ? html`<ul part="requests" aria-label=${term('authorization.requests')}>
              ${requests.map((view) => this.#renderRequest(view, now))}
            </ul>`
          : nothing
      }
      <div class="visually-hidden" role="status">${this.#announcement}</div>
    </section>`;
  }
}
