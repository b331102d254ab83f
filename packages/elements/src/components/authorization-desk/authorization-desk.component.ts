import type { AuthorizationView, DeskClient } from '@aircounter/client';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AirElement } from '../../base/air-element.ts';
import { errorDetail } from '../../base/error-detail.ts';
import { errorMessage } from '../../base/error-message.ts';
import { amountText } from '../../base/money.ts';
import { ServerAction } from '../../base/server-action.ts';
import { baseStyles, fieldStyles, PRIMARY_CONTROLS } from '../../base/styles.ts';
import { Ticker } from '../../base/ticker.ts';
import type { AirErrorDetail } from '../../events/air-error.ts';
import { formatElapsed } from '../recording-status/coverage-text.ts';
import { styles } from './authorization-desk.styles.ts';
import { DeskCase, type OpenedCase } from './desk-case.ts';
import { DeskPoller, type QueueSnapshot } from './desk-poller.ts';
import { defaultReasonCodes, kindText, timeText, type DeskReasonCode } from './desk-text.ts';

/** The longest comment the server keeps with a vote. */
const MAX_COMMENT_LENGTH = 1000;

type Decision = 'approve' | 'decline';

/**
 * The authorizer's desk for remote authorization: the pending requests
 * offered to this authorizer (polled every `poll-interval` ms, soonest
 * deadline first, each with a live countdown on the server's clock), and a
 * case view for one request — its details and attachments, a button to join
 * the live call as a supervisor, and the vote (approve or decline with a
 * reason code and a comment). The element talks only to the `desk` it is
 * given (`createDeskClient` of `@aircounter/client`); the server decides who
 * may vote and reports the outcome.
 *
 * To watch or speak in the call, the page listens for `air-desk-join`, joins
 * with the token it carries and puts its `<air-session>` into the `call`
 * slot, which is shown inside the case view.
 *
 * Accessibility: headings for the queue and the case; focus moves to the
 * case heading on opening a request and back to its Open button on leaving
 * it; countdowns are `role="timer"`; results are announced through a polite
 * status region; refusals are alerts in plain words.
 *
 * @summary The authorizer's queue of requests and the case view to decide one.
 *
 * @event air-desk-join - A join token for the request's live call: `{ requestId, sessionId, token }`.
 * @event air-desk-decided - The server recorded the vote: `{ requestId, decision }`.
 * @event air-desk-closed - Back from a case to the queue, voted or not: `{ requestId }` (the page leaves that case's call).
 * @event air-error - Loading, joining or voting failed: `{ code, recoverable, message }`.
 *
 * @slot call - The page's `<air-session>` (or `<air-video-session>`) for the live call, shown in the case view once joined.
 *
 * @csspart base - The whole component.
 * @csspart queue - The list of pending requests.
 * @csspart item - One pending request in the queue.
 * @csspart countdown - Time left before a request escalates or expires (a `role="timer"`).
 * @csspart open - A request's Open button.
 * @csspart empty - The text shown when no request waits.
 * @csspart loading - The text shown while the queue or a request loads.
 * @csspart case - The case view of one request.
 * @csspart case-heading - The heading of the case view (focused on opening).
 * @csspart attachments - The request's attachments.
 * @csspart attachment - One attachment (an image, or its kind in words).
 * @csspart votes - The votes given so far.
 * @csspart join - The button that asks for a join token for the live call.
 * @csspart call - The region holding the `call` slot.
 * @csspart decision - The vote form.
 * @csspart approve - The approve button.
 * @csspart decline - The decline button.
 * @csspart result - The outcome of the vote.
 * @csspart back - The button back to the queue.
 * @csspart error - A refusal, in plain words.
 *
 * @cssproperty --air-authorization-desk-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-authorization-desk-elderly-font-size - Text size in elderly mode.
 * @cssproperty --air-authorization-desk-control-size - Minimum button size (falls back to `--air-target-size`).
 * @cssproperty --air-authorization-desk-elderly-control-size - The same in elderly mode (at least 60 px).
 * @cssproperty --air-authorization-desk-control-background - Button background (falls back to `--air-color-primary`).
 * @cssproperty --air-authorization-desk-control-color - Button text colour (falls back to `--air-color-on-primary`).
 */
export class AirAuthorizationDesk extends AirElement {
  static override styles = [baseStyles('authorization-desk', PRIMARY_CONTROLS), fieldStyles, styles];

  static override properties = {
    desk: { attribute: false },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    reasonCodes: { attribute: false },
    elderly: { type: Boolean, reflect: true },
  };

  /** The authorizer's desk client (`createDeskClient`); the element makes no other call. */
  declare desk: DeskClient | undefined;
  /** Milliseconds between two polls of the queue (doubling after failures, up to a minute). */
  declare pollInterval: number;
  /** The reasons offered for a vote; when unset, localized defaults (`verified-in-call`, `identity-doubt`…). */
  declare reasonCodes: DeskReasonCode[] | undefined;
  /** Larger text and targets (at least 60 px). */
  declare elderly: boolean;

  readonly #poller = new DeskPoller(this, {
    received: (snapshot) => this.#received(snapshot),
    failed: (error, failures) => this.#queueFailed(error, failures),
  });
  readonly #case = new DeskCase(this, {
    opened: (opened) => this.#opened(opened),
    failed: (error) => this.#action.fail(error),
  });
  #snapshot: QueueSnapshot | undefined;
  #queueError: AirErrorDetail | undefined;
  /** The request of the case view (undefined: the queue is shown). */
  #caseId: string | undefined;
  #loaded: OpenedCase | undefined;
  /** The queue's copy of the open request, shown until `open` answers. */
  #preview: AuthorizationView | undefined;
  #joined = false;
  readonly #action = new ServerAction(this);
  #result: Decision | undefined;
  #commentMissing = false;
  #announcement = '';
  #focus: 'case' | { readonly requestId: string } | undefined;
  /** Countdowns move every second, between polls too. */
  readonly #ticker = new Ticker(this);

  constructor() {
    super();
    this.desk = undefined;
    this.pollInterval = 5000;
    this.reasonCodes = undefined;
    this.elderly = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ticker.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The case controller revoked the pictures' URLs: coming back shows the queue.
    this.#caseId = undefined;
    this.#loaded = undefined;
    this.#preview = undefined;
    this.#joined = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Before rendering, so the poll's pending state joins this update instead of scheduling another.
    if (changed.has('desk')) this.#poller.refresh();
  }

  protected override updated(): void {
    const focus = this.#focus;
    if (focus === undefined) return;
    this.#focus = undefined;
    const root = this.shadowRoot;
    if (focus === 'case') root?.querySelector<HTMLElement>('[part~="case-heading"]')?.focus();
    else {
      const button = root?.querySelector<HTMLElement>(
        `[part~="open"][data-request-id="${CSS.escape(focus.requestId)}"]`,
      );
      (button ?? root?.querySelector<HTMLElement>('#queue-heading'))?.focus();
    }
  }

  #received(snapshot: QueueSnapshot): void {
    this.#snapshot = snapshot;
    this.#queueError = undefined;
    this.requestUpdate();
  }

  #queueFailed(error: unknown, failures: number): void {
    this.#queueError = errorDetail(error);
    // Once per outage: the poller keeps trying and the page need not hear every try.
    if (failures === 1) this.emit('air-error', this.#queueError);
    this.requestUpdate();
  }

  #open(view: AuthorizationView): void {
    if (!this.desk) return;
    this.#caseId = view.requestId;
    this.#preview = view;
    this.#loaded = undefined;
    this.#joined = false;
    this.#result = undefined;
    this.#action.error = undefined;
    this.#commentMissing = false;
    this.#announcement = '';
    this.#focus = 'case';
    this.#case.open(this.desk, view.requestId);
    this.requestUpdate();
  }

  #opened(opened: OpenedCase): void {
    if (opened.view.requestId !== this.#caseId) return;
    this.#loaded = opened;
    this.requestUpdate();
  }

  #back(): void {
    const requestId = this.#caseId;
    this.#case.close();
    this.#caseId = undefined;
    this.#loaded = undefined;
    this.#preview = undefined;
    this.#joined = false;
    this.#action.error = undefined;
    this.#focus = requestId === undefined ? undefined : { requestId };
    // A vote changes the queue: show it as it is now.
    this.#poller.refresh(true);
    this.requestUpdate();
    if (requestId !== undefined) this.emit('air-desk-closed', { requestId });
  }

  async #join(): Promise<void> {
    const desk = this.desk;
    const requestId = this.#caseId;
    if (!desk || requestId === undefined) return;
    await this.#action.run(async () => {
      const joined = await desk.join(requestId);
      if (this.#caseId !== requestId) return;
      this.#joined = true;
      this.#announcement = this.localize.term('authorizationDesk.joined');
      this.emit('air-desk-join', { requestId, sessionId: joined.sessionId, token: joined.token });
    });
  }

  async #decide(decision: Decision): Promise<void> {
    const desk = this.desk;
    const requestId = this.#caseId;
    const form = this.shadowRoot?.querySelector<HTMLFormElement>('[part~="decision"]');
    if (!desk || requestId === undefined || !form || this.#action.busy) return;
    const data = new FormData(form);
    const reasonCode = String(data.get('reasonCode') ?? '');
    const comment = String(data.get('comment') ?? '').trim();
    this.#commentMissing = decision === 'decline' && comment === '';
    if (this.#commentMissing) {
      this.requestUpdate();
      await this.updateComplete;
      form.querySelector<HTMLElement>('[name="comment"]')?.focus();
      return;
    }
    await this.#action.run(async () => {
      const view = await desk.decide(requestId, { decision, reasonCode, ...(comment ? { comment } : {}) });
      if (this.#caseId !== requestId) return;
      if (this.#loaded) this.#loaded = { ...this.#loaded, view };
      this.#result = decision;
      this.#announcement = this.localize.term(`authorizationDesk.result.${decision}`);
      this.emit('air-desk-decided', { requestId, decision });
    });
  }

  /** Server time now, ms: the page's clock corrected by the last queue's `now`. */
  #serverNow(): number {
    return Date.now() + (this.#snapshot?.clockOffsetMs ?? 0);
  }

  #countdown(view: AuthorizationView): TemplateResult {
    const left = formatElapsed(Date.parse(view.deadlineAt) - this.#serverNow());
    return html`<span part="countdown" role="timer">${left}</span>`;
  }

  #heading(view: AuthorizationView): string {
    return this.localize.term('authorizationDesk.caseHeading', {
      operation: view.operationType,
      amount: amountText(this.localize, view.amount, view.currency),
    });
  }

  #renderItem(view: AuthorizationView): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const given = view.votes.filter((vote) => vote.decision === 'approve').length;
    const headingId = `item-${view.requestId}`;
    return html`<li part="item" data-request-id=${view.requestId} aria-labelledby=${headingId}>
      <h3 id=${headingId}>${this.#heading(view)}</h3>
      <dl>
        <div>
          <dt>${term('authorizationDesk.requester')}</dt>
          <dd>${view.requestedBy}</dd>
        </div>
        <div>
          <dt>${term('authorizationDesk.level')}</dt>
          <dd>${view.level}</dd>
        </div>
        <div>
          <dt>${term('authorizationDesk.approvals')}</dt>
          <dd>${term('authorizationDesk.approvalsValue', { given, needed: view.approvals })}</dd>
        </div>
        <div>
          <dt>${term('authorizationDesk.timeLeft')}</dt>
          <dd>${this.#countdown(view)}</dd>
        </div>
      </dl>
      <button
        part="open"
        type="button"
        data-request-id=${view.requestId}
        aria-describedby=${headingId}
        @click=${() => this.#open(view)}
      >
        ${term('authorizationDesk.open')}
      </button>
    </li>`;
  }

  #renderQueue(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const pending = [...(this.#snapshot?.queue.authorizations ?? [])]
      .filter((view) => view.status === 'pending')
      .sort((a, b) => Date.parse(a.deadlineAt) - Date.parse(b.deadlineAt));
    const body =
      this.#snapshot === undefined
        ? html`<p part="loading">${term('authorizationDesk.loading')}</p>`
        : pending.length === 0
          ? html`<p part="empty">${term('authorizationDesk.empty')}</p>`
          : html`<ul part="queue" aria-labelledby="queue-heading">
              ${pending.map((view) => this.#renderItem(view))}
            </ul>`;
    return html`<h2 id="queue-heading" tabindex="-1">${term('authorizationDesk.queue')}</h2>
      ${
        this.#queueError
          ? html`<p part="error" role="alert">
              ${term('authorizationDesk.queueFailed', { problem: errorMessage(this.localize, this.#queueError) })}
            </p>`
          : nothing
      }
      ${body}`;
  }

  #renderAttachments(opened: OpenedCase): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const { view, images } = opened;
    if (view.attachments.length === 0) return html`<p>${term('authorizationDesk.noAttachments')}</p>`;
    return html`<ul part="attachments" aria-labelledby="attachments-heading">
      ${view.attachments.map((attachment) => {
        const kind = kindText(this.localize, attachment.kind);
        const url = images.get(attachment.sha256);
        const image = attachment.mediaType.startsWith('image/');
        return html`<li part="attachment" data-kind=${attachment.kind}>
          ${
            url
              ? html`<figure>
                  <img src=${url} alt=${kind} />
                  <figcaption>${kind}</figcaption>
                </figure>`
              : html`<span>${image ? term('authorizationDesk.attachmentMissing', { kind }) : kind}</span>`
          }
        </li>`;
      })}
    </ul>`;
  }

  #renderVotes(view: AuthorizationView): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    if (view.votes.length === 0) return html`<p>${term('authorizationDesk.noVotes')}</p>`;
    return html`<ul part="votes" aria-labelledby="votes-heading">
      ${view.votes.map(
        (vote) =>
          html`<li>
            ${term(`authorizationDesk.vote.${vote.decision}`, {
              name: vote.displayName,
              level: vote.level,
              reason: vote.comment ? `${vote.reasonCode} — ${vote.comment}` : vote.reasonCode,
            })}
            (${timeText(this.localize, vote.decidedAt)})
          </li>`,
      )}
    </ul>`;
  }

  #renderDecision(view: AuthorizationView): TemplateResult | typeof nothing {
    const term = this.localize.term.bind(this.localize);
    if (this.#result !== undefined) {
      return html`<p part="result" data-decision=${this.#result}>
        ${term(`authorizationDesk.result.${this.#result}`)}
      </p>`;
    }
    if (view.status !== 'pending') return nothing;
    const reasons = this.reasonCodes ?? defaultReasonCodes(this.localize);
    return html`<form part="decision" aria-labelledby="decision-heading" @submit=${(e: Event) => e.preventDefault()}>
      <h3 id="decision-heading">${term('authorizationDesk.decision')}</h3>
      <label for="reason-code">${term('authorizationDesk.reasonCode')}</label>
      <select id="reason-code" name="reasonCode" ?disabled=${this.#action.busy}>
        ${reasons.map((reason) => html`<option value=${reason.code}>${reason.label}</option>`)}
      </select>
      <label for="comment">${term('authorizationDesk.comment')}</label>
      <textarea
        id="comment"
        name="comment"
        rows="3"
        maxlength=${MAX_COMMENT_LENGTH}
        aria-invalid=${this.#commentMissing ? 'true' : 'false'}
        aria-describedby=${this.#commentMissing ? 'comment-missing' : nothing}
        ?disabled=${this.#action.busy}
        @input=${() => {
          if (!this.#commentMissing) return;
          this.#commentMissing = false;
          this.requestUpdate();
        }}
      ></textarea>
      ${
        this.#commentMissing
          ? html`<p id="comment-missing" class="field-error">${term('authorizationDesk.commentMissing')}</p>`
          : nothing
      }
      <div class="actions">
        <button
          part="approve"
          type="button"
          ?disabled=${this.#action.busy}
          @click=${() => void this.#decide('approve')}
        >
          ${term('authorizationDesk.approve')}
        </button>
        <button
          part="decline"
          type="button"
          ?disabled=${this.#action.busy}
          @click=${() => void this.#decide('decline')}
        >
          ${term('authorizationDesk.decline')}
        </button>
      </div>
    </form>`;
  }

  #renderCase(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const opened = this.#loaded;
    const view = opened?.view ?? this.#preview;
    const details = opened?.view;
    return html`<article part="case" aria-labelledby="case-heading">
      <h2 id="case-heading" part="case-heading" tabindex="-1">${view ? this.#heading(view) : ''}</h2>
      ${
        details
          ? html`<dl>
                <div>
                  <dt>${term('authorizationDesk.status')}</dt>
                  <dd data-status=${details.status}>${term(`authorization.status.${details.status}`)}</dd>
                </div>
                ${
                  details.status === 'pending'
                    ? html`<div>
                        <dt>${term('authorizationDesk.timeLeft')}</dt>
                        <dd>${this.#countdown(details)}</dd>
                      </div>`
                    : nothing
                }
                <div>
                  <dt>${term('authorizationDesk.operation')}</dt>
                  <dd>${details.operationType}</dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.amount')}</dt>
                  <dd>${amountText(this.localize, details.amount, details.currency)}</dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.requester')}</dt>
                  <dd>${details.requestedBy}</dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.reason')}</dt>
                  <dd>${details.reason}</dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.note')}</dt>
                  <dd>${details.note || term('authorizationDesk.noNote')}</dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.level')}</dt>
                  <dd>${details.level}</dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.approvals')}</dt>
                  <dd>
                    ${term('authorizationDesk.approvalsValue', {
                      given: details.votes.filter((vote) => vote.decision === 'approve').length,
                      needed: details.approvals,
                    })}
                  </dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.rulesVersion')}</dt>
                  <dd>${details.rulesVersion}</dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.createdAt')}</dt>
                  <dd>${timeText(this.localize, details.createdAt)}</dd>
                </div>
                <div>
                  <dt>${term('authorizationDesk.deadlineAt')}</dt>
                  <dd>${timeText(this.localize, details.deadlineAt)}</dd>
                </div>
              </dl>
              <h3 id="attachments-heading">${term('authorizationDesk.attachments')}</h3>
              ${this.#renderAttachments(opened)}
              <h3 id="votes-heading">${term('authorizationDesk.votes')}</h3>
              ${this.#renderVotes(details)}
              <section part="call" aria-labelledby="call-heading">
                <h3 id="call-heading">${term('authorizationDesk.call')}</h3>
                ${
                  this.#joined
                    ? html`<slot name="call"></slot>`
                    : details.status === 'pending'
                      ? html`<button
                          part="join"
                          type="button"
                          ?disabled=${this.#action.busy}
                          @click=${() => void this.#join()}
                        >
                          ${term('authorizationDesk.join')}
                        </button>`
                      : nothing
                }
              </section>
              ${this.#renderDecision(details)}`
          : this.#case.loading
            ? html`<p part="loading">${term('authorizationDesk.opening')}</p>`
            : nothing
      }
      ${
        this.#action.error
          ? html`<p part="error" role="alert">${errorMessage(this.localize, this.#action.error)}</p>`
          : nothing
      }
      <button part="back" type="button" @click=${() => this.#back()}>${term('authorizationDesk.back')}</button>
    </article>`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    return html`<section part="base" aria-label=${term('authorizationDesk.label')} lang=${this.localize.locale}>
      ${this.#caseId === undefined ? this.#renderQueue() : this.#renderCase()}
      <div class="visually-hidden" role="status">${this.#announcement}</div>
    </section>`;
  }
}
