import type { RecordingStatus, Session, Unsubscribe } from '@aircounter/client';
import { html, nothing, type TemplateResult } from 'lit';
import { baseStyles, PRIMARY_CONTROLS } from '../../base/styles.ts';
import { errorMessage } from '../../base/error-message.ts';
import { ServerAction } from '../../base/server-action.ts';
import { SessionBinding } from '../../base/session-binding.ts';
import { SessionElement } from '../../base/session-element.ts';
import { Ticker } from '../../base/ticker.ts';
import type { AirErrorDetail } from '../../events/air-error.ts';
import { formatElapsed, unrecordedPeers, type UnrecordedPeer } from './coverage-text.ts';
import { styles } from './recording-status.styles.ts';

const IDLE: RecordingStatus = { state: 'idle', since: 0, consentGiven: false };

/**
 * Shows the truth about the session's recording as the server reports it:
 * the state badge, and a warning banner as soon as a participant is no longer
 * being recorded ("Customer not recorded since 00:12", counting live, with the
 * cause). When the session is over (ended, lost by the server, reconnection
 * failed) it says so and offers no control, whatever the last status was.
 *
 * With `controls` (for agents) it adds the start/stop button, enabled only
 * when the action can succeed, and shows refusals as plain-language text.
 *
 * Accessibility: the badge is a polite status region, so state changes are
 * announced once; a participant dropping out of the recording is also an
 * assertive alert. The counters are `role="timer"` (not announced every second).
 *
 * @summary The recording badge, the "not recorded" warning and (for agents) the start/stop control.
 *
 * @event air-error - Starting or stopping failed: `{ code, recoverable, message }`.
 *
 * @csspart base - The whole component.
 * @csspart badge - The recording state (`data-state`: the recording state, or `over`; `data-coverage="partial"` while someone is not recorded).
 * @csspart banner - The warning shown while a participant is not being recorded.
 * @csspart elapsed - The live counter in the banner (a `role="timer"`).
 * @csspart consent - The customer's consent state (not shown to the customer, who has `<air-recording-consent>`).
 * @csspart controls - The button bar (with `controls`).
 * @csspart toggle - The start/stop button.
 * @csspart error - A refusal, in plain words.
 *
 * @cssproperty --air-recording-status-background - Background (falls back to `--air-color-surface`).
 * @cssproperty --air-recording-status-color - Text colour (falls back to `--air-color-text`).
 * @cssproperty --air-recording-status-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-recording-status-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`).
 * @cssproperty --air-recording-status-active-color - Colour of the "Recording" badge (falls back to `--air-color-error`).
 * @cssproperty --air-recording-status-warning-background - Banner background (falls back to `--air-color-warning-surface`).
 * @cssproperty --air-recording-status-warning-border - Banner border colour (falls back to `--air-color-warning`).
 * @cssproperty --air-recording-status-control-size - Minimum button size (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-recording-status-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-recording-status-control-background - Button background (falls back to `--air-color-primary`).
 * @cssproperty --air-recording-status-control-color - Button text colour (falls back to `--air-color-on-primary`).
 * @cssproperty --air-recording-status-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirRecordingStatus extends SessionElement {
  static override styles = [baseStyles('recording-status', PRIMARY_CONTROLS), styles];

  static override properties = {
    controls: { type: Boolean, reflect: true },
    elderly: { type: Boolean, reflect: true },
  };

  /** Show the start/stop recording button (agents). */
  declare controls: boolean;
  /** Larger text and buttons (at least 60 px). */
  declare elderly: boolean;

  readonly #binding = new SessionBinding(this, {
    fromContext: true,
    subscribe: (session) => this.#subscribe(session),
    unbound: () => this.#reset(),
  });
  readonly #toggling = new ServerAction(this);
  /** Moves the "not recorded since" counters. */
  readonly #ticker = new Ticker(this);
  #status: RecordingStatus = IDLE;
  #alert = '';
  /** Who was not recorded at the last status, by peer id (to announce changes once). */
  #unrecorded = new Map<string, UnrecordedPeer>();

  constructor() {
    super();
    this.controls = false;
    this.elderly = false;
  }

  #subscribe(session: Session): Unsubscribe[] {
    this.#status = session.recording.status;
    this.#unrecorded = new Map(unrecordedPeers(this.#status).map((peer) => [peer.peerId, peer]));
    this.#syncTimer();
    return [
      session.on('recording', (status) => this.#onStatus(status)),
      session.on('state', ({ state }) => {
        if (state === 'ended' || state === 'error') {
          // Whatever the last status said, nothing of this session is recorded any more.
          this.#alert = '';
          this.#unrecorded.clear();
        }
        this.#syncTimer();
      }),
    ];
  }

  #reset(): void {
    this.#status = IDLE;
    this.#unrecorded.clear();
    this.#ticker.stop();
    this.requestUpdate();
  }

  #onStatus(status: RecordingStatus): void {
    const previous = this.#status;
    this.#status = status;
    const peers = unrecordedPeers(status);
    const now = new Map(peers.map((peer) => [peer.peerId, peer]));
    const dropped = peers.filter((peer) => !this.#unrecorded.has(peer.peerId));
    const back = [...this.#unrecorded.values()].filter((peer) => !now.has(peer.peerId));
    this.#unrecorded = now;
    if (dropped.length > 0) {
      this.#alert = dropped
        .map((peer) =>
          this.localize.term('recording.notRecordedAnnouncement', {
            who: this.#who(peer),
            cause: this.#cause(peer),
          }),
        )
        .join(' ');
    } else if (now.size === 0) {
      this.#alert = '';
    }
    if (back.length > 0 && now.size === 0) this.#alert = '';
    if (status.state !== previous.state) this.#toggling.error = undefined;
    this.#syncTimer();
    this.requestUpdate();
  }

  /** Ticks once a second while someone is not recorded, for the live counter. */
  #syncTimer(): void {
    this.#ticker.run(this.#binding.live && unrecordedPeers(this.#status).length > 0);
    this.requestUpdate();
  }

  async #toggle(): Promise<void> {
    const session = this.#binding.session;
    if (!session) return;
    await this.#toggling.run(async () => {
      this.#status = this.#status.state === 'active' ? await session.recording.stop() : await session.recording.start();
    });
  }

  #who(peer: UnrecordedPeer): string {
    const sources = peer.sources.map((source) => this.localize.term(`recording.source.${source}`)).join(', ');
    return this.localize.term('recording.who', { role: this.localize.term(`role.${peer.role}`), sources });
  }

  #cause(peer: UnrecordedPeer): string {
    return peer.cause
      ? this.localize.term(`recording.cause.${peer.cause}`)
      : this.localize.term('recording.cause.network');
  }

  #badgeText(status: RecordingStatus): string {
    if (!this.#binding.live && this.#binding.session !== undefined) return this.localize.term('recording.sessionOver');
    const finished = status.state === 'complete' || status.state === 'aborted' || status.state === 'failed';
    if (finished && (status.reason === 'consent-withdrawn' || status.reason === 'consent-declined')) {
      return this.localize.term(`recording.stoppedBy.${status.reason}`);
    }
    // Stopped, but the files do not hold the whole recording: never "saved" without saying so.
    if (status.state === 'complete' && status.complete === false) {
      const reasons = (status.incomplete ?? []).map((reason) => this.localize.term(`recording.incomplete.${reason}`));
      return this.localize.term('recording.state.incomplete', { reasons: reasons.join('; ') });
    }
    return this.localize.term(`recording.state.${status.state}`);
  }

  #errorText(error: AirErrorDetail): string {
    const consent = this.#status.consent;
    if (error.code === 'CONSENT_REQUIRED' && (consent === 'declined' || consent === 'withdrawn')) {
      return this.localize.term(`recording.startRefused.${consent}`);
    }
    return errorMessage(this.localize, error);
  }

  #renderControls(live: boolean): TemplateResult | typeof nothing {
    if (!this.controls) return nothing;
    const state = this.#status.state;
    const active = state === 'active';
    const startable = ['idle', 'complete', 'failed', 'aborted'].includes(state) && this.#status.consentGiven;
    const enabled = live && !this.#toggling.busy && (active || startable);
    return html`<div part="controls">
      <button part="toggle" type="button" ?disabled=${!enabled} @click=${() => void this.#toggle()}>
        ${this.localize.term(active ? 'recording.stop' : 'recording.start')}
      </button>
    </div>`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const live = this.#binding.live;
    const over = this.#binding.session !== undefined && !live;
    const status = this.#status;
    const peers = live ? unrecordedPeers(status) : [];
    const first = peers[0];
    const now = Date.now();
    const consent = status.consent ?? (status.consentGiven ? 'given' : 'pending');
    // The badge is the status region; its counter is a timer, which live regions leave unannounced.
    const badge = first
      ? html`${term('recording.notRecordedSince', { who: term(`role.${first.role}`), elapsed: '' }).trim()}
          <span role="timer">${formatElapsed(now - first.since)}</span>`
      : this.#badgeText(status);
    return html`<section part="base" aria-label=${term('recording.label')} lang=${this.localize.locale}>
      <p
        part="badge"
        role="status"
        data-state=${over ? 'over' : status.state}
        data-coverage=${first ? 'partial' : 'full'}
      >
        ${badge}
      </p>
      ${
        peers.length > 0
          ? html`<div part="banner">
              ${peers.map(
                (peer) =>
                  html`<p>
                    <strong
                      >${term('recording.notRecordedSince', {
                        who: this.#who(peer),
                        elapsed: '',
                      }).trim()} <span part="elapsed" role="timer">${formatElapsed(now - peer.since)}</span></strong
                    >
                    — ${this.#cause(peer)}
                  </p>`,
              )}
              <p>${term('recording.bannerAdvice')}</p>
            </div>`
          : nothing
      }
      ${
        // The customer gives consent in <air-recording-consent>; the others need to know where it stands.
        this.#binding.session && this.#binding.session.self.role !== 'customer'
          ? html`<p part="consent">${term(`recording.consent.${consent}`)}</p>`
          : nothing
      }
      ${this.#renderControls(live)}
      ${this.#toggling.error ? html`<p part="error" role="alert">${this.#errorText(this.#toggling.error)}</p>` : nothing}
      <div class="visually-hidden" role="alert">${this.#alert}</div>
    </section>`;
  }
}
