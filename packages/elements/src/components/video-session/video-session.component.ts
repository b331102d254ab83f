import type {
  ConnectionQuality,
  DeviceSource,
  Participant,
  Session,
  SessionEvents,
  Unsubscribe,
} from '@aircounter/client';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { errorDetail } from '../../base/error-detail.ts';
import { microphoneIcon } from '../../base/icons.ts';
import { SessionBinding } from '../../base/session-binding.ts';
import { SessionElement } from '../../base/session-element.ts';
import type { SessionViewState } from '../../base/session-context.ts';
import { baseStyles } from '../../base/styles.ts';
import { Ticker } from '../../base/ticker.ts';
import type { TermKey } from '../../translations/en.ts';
import { formatElapsed } from '../recording-status/coverage-text.ts';
import { endedText } from './ended-text.ts';
import { cameraIcon, hangUpIcon, qualityIcon } from './icons.ts';
import { styles } from './video-session.styles.ts';

/**
 * Give it a joined `session`, or a `client` and a `session-id`
 * to join itself, or place it inside `<air-session>`. It uses the
 * `@aircounter/client` API only (no network code of its own). When it is
 * removed from the page it leaves the session it owns and stops the camera
 * and microphone. Connection states are announced in a polite live region;
 * each remote participant shows a connection-quality indicator (icon and text).
 *
 * Keyboard: Tab moves between the three buttons; Space or Enter toggles the
 * microphone and camera (`aria-pressed` tells whether they are muted) and
 * hangs up.
 *
 * Hanging up asks for confirmation first (focus moves to "Stay in the call";
 * Escape keeps the call), unless `no-hang-up-confirm` is set. Once the call
 * is over the element says in plain words what happened and what to do next
 * (no stale participant tiles), with "Rejoin the call" where rejoining can
 * work; focus moves to that button. While the connection is being recovered
 * it shows how long the client keeps trying and what happens to the recording.
 *
 * Size: it takes its container's width, and its height when the container
 * has one (or the page sets one on the element): the videos then shrink so
 * that status, videos and controls stay inside it. Without a height the
 * videos take their natural 16:9 size.
 *
 * @summary A video call: your camera preview, the other participants, and
 * the controls to mute and hang up.
 *
 * @event air-session-joined - The element joined the session (given `client` and `session-id`).
 * @event air-session-ended - The session it owns is over: `{ reason, code? }`.
 * @event air-participant-joined - Another participant joined: `{ peerId, displayName, role }`.
 * @event air-participant-left - Another participant left: `{ peerId, displayName, reason }`.
 * @event air-mute-changed - The camera or microphone was muted or unmuted: `{ source, muted }`.
 * @event air-error - Something failed: `{ code, recoverable, message }`.
 * @event air-request-hang-up - The user confirmed hanging up. Cancelable: `preventDefault()` keeps the call.
 * @event air-request-rejoin - The user asked to rejoin: `{ sessionId }`. Cancelable: `preventDefault()` to rejoin
 * in the page's own way (required when the session was handed in with `session`).
 *
 * @csspart base - The whole component.
 * @csspart status - The connection state line (a live region).
 * @csspart stage - The video area.
 * @csspart participants - The list of remote participants.
 * @csspart participant - One remote participant.
 * @csspart remote-video - A remote participant's video.
 * @csspart participant-info - Name, role, quality and mute state under a remote video.
 * @csspart participant-name - A remote participant's name.
 * @csspart quality - A connection-quality indicator.
 * @csspart remote-muted - Shown when a remote participant muted their microphone.
 * @csspart waiting - Shown while nobody else is in the call.
 * @csspart local - Your own preview.
 * @csspart local-video - Your camera's video.
 * @csspart controls - The button bar.
 * @csspart control - Each button.
 * @csspart mute-microphone - The microphone button.
 * @csspart mute-camera - The camera button.
 * @csspart hang-up - The hang-up button.
 * @csspart hang-up-confirm - The confirmation shown after pressing hang up.
 * @csspart confirm-hang-up - "Leave" in the confirmation.
 * @csspart cancel-hang-up - "Stay in the call" in the confirmation.
 * @csspart reconnecting - How long the client keeps trying, while reconnecting.
 * @csspart ended - What happened and what to do next, once the call is over.
 * @csspart rejoin - The rejoin button.
 *
 * @cssproperty --air-video-session-background - Background of the component (falls back to `--air-color-surface`).
 * @cssproperty --air-video-session-color - Text colour (falls back to `--air-color-text`).
 * @cssproperty --air-video-session-stage-background - Background behind the videos (falls back to `--air-color-stage`).
 * @cssproperty --air-video-session-radius - Corner radius (falls back to `--air-radius`).
 * @cssproperty --air-video-session-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-video-session-control-size - Minimum width and height of the buttons (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-video-session-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-video-session-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`, 1.375rem).
 * @cssproperty --air-video-session-control-background - Button background (falls back to `--air-color-control`).
 * @cssproperty --air-video-session-control-color - Button text colour (falls back to `--air-color-on-control`).
 * @cssproperty --air-video-session-control-pressed-background - Background of a pressed (muted) button (falls back to `--air-color-control-pressed`).
 * @cssproperty --air-video-session-control-pressed-color - Text colour of a pressed button (falls back to `--air-color-on-control-pressed`).
 * @cssproperty --air-video-session-danger - Background of the hang-up button (falls back to `--air-color-danger`).
 * @cssproperty --air-video-session-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirVideoSession extends SessionElement {
  static override styles = [baseStyles('video-session'), styles];

  static override properties = {
    elderly: { type: Boolean, reflect: true },
    noHangUpConfirm: { type: Boolean, attribute: 'no-hang-up-confirm' },
    reconnectWindowMs: { type: Number, attribute: 'reconnect-window-ms' },
  };

  /** Larger text and buttons (at least 60 px) for older customers. */
  declare elderly: boolean;
  /** Hang up at once, without asking for confirmation. */
  declare noHangUpConfirm: boolean;
  /**
   * How long the client keeps trying to reconnect, ms (shown as a countdown):
   * the client's default, `reconnectWindowMs()` of `@aircounter/client`.
   */
  declare reconnectWindowMs: number;

  readonly #binding = new SessionBinding(this, {
    fromContext: true,
    subscribe: (session) => this.#subscribe(session),
    unbound: () => this.#clear(),
  });
  readonly #streams = new Map<string, MediaStream>();
  #participants: readonly Participant[] = [];
  #localStream: MediaStream | undefined;
  #announcement = '';
  #confirmingHangUp = false;
  #ended: SessionEvents['ended'] | undefined;
  #reconnectingSince: number | undefined;
  /** Moves the reconnection countdown. */
  readonly #ticker = new Ticker(this);
  /** Part to focus after the next render (the next step after an action). */
  #focusNext: string | undefined;

  constructor() {
    super();
    this.elderly = false;
    this.noHangUpConfirm = false;
    this.reconnectWindowMs = DEFAULT_RECONNECT_WINDOW_MS;
  }

  protected override updated(): void {
    const next = this.#focusNext;
    if (next === undefined) return;
    this.#focusNext = undefined;
    this.shadowRoot?.querySelector<HTMLElement>(`[part~="${next}"]`)?.focus();
  }

  // Not in willUpdate: Lit calls controllers' hostUpdate() after willUpdate(),
  // and that is where SessionBinding binds a session (from the property or the
  // enclosing <air-session>). A session that already holds participants and
  // tracks when it is bound fires no further event, so the streams must be
  // synced after the binding, in this same update.
  protected override update(changed: PropertyValues<this>): void {
    this.#syncStreams();
    super.update(changed);
  }

  #subscribe(session: Session): Unsubscribe[] {
    const refresh = (): void => {
      this.#participants = session.participants;
      this.requestUpdate();
    };
    this.#participants = session.participants;
    this.#ended = undefined;
    this.#confirmingHangUp = false;
    this.#onState(session.state);
    return [
      session.on('state', ({ state }) => this.#onState(state)),
      session.on('ended', (ended) => {
        this.#ended = ended;
        this.#confirmingHangUp = false;
        if (endedText(ended.reason, ended.code).canRejoin) this.#focusNext = 'rejoin';
        this.requestUpdate();
      }),
      session.on('participantJoined', (participant) => {
        this.#announce('videoSession.participantJoined', participant.displayName);
        this.emit('air-participant-joined', {
          peerId: participant.peerId,
          displayName: participant.displayName,
          role: participant.role,
        });
        refresh();
      }),
      session.on('participantLeft', ({ participant, reason }) => {
        this.#announce('videoSession.participantLeft', participant.displayName);
        this.emit('air-participant-left', { peerId: participant.peerId, displayName: participant.displayName, reason });
        refresh();
      }),
      session.on('trackAdded', refresh),
      session.on('trackRemoved', refresh),
      session.on('trackMuted', refresh),
      session.on('quality', refresh),
      session.on('localTrack', refresh),
      session.on('muteChanged', ({ source, muted }) => {
        this.emit('air-mute-changed', { source, muted });
        this.requestUpdate();
      }),
    ];
  }

  /** Starts or stops the reconnection countdown. */
  #onState(state: Session['state']): void {
    if (state === 'reconnecting') {
      this.#reconnectingSince ??= Date.now();
      this.#ticker.run();
    } else {
      this.#stopCountdown();
    }
    this.requestUpdate();
  }

  #stopCountdown(): void {
    this.#ticker.stop();
    this.#reconnectingSince = undefined;
  }

  #clear(): void {
    this.#stopCountdown();
    this.#participants = [];
    this.#streams.clear();
    this.#localStream = undefined;
    this.requestUpdate();
  }

  #announce(key: TermKey, name: string): void {
    this.#announcement = this.localize.term(key, { name });
  }

  /** Keeps one MediaStream per participant (and one for the preview) in step with their tracks. */
  #syncStreams(): void {
    const present = new Set<string>();
    for (const participant of this.#participants) {
      present.add(participant.peerId);
      let stream = this.#streams.get(participant.peerId);
      if (!stream) {
        stream = new MediaStream();
        this.#streams.set(participant.peerId, stream);
      }
      syncTracks(
        stream,
        participant.tracks.map((remote) => remote.track),
      );
    }
    for (const peerId of [...this.#streams.keys()]) if (!present.has(peerId)) this.#streams.delete(peerId);
    const camera = this.#binding.session?.localTracks.camera;
    if (camera) {
      this.#localStream ??= new MediaStream();
      syncTracks(this.#localStream, [camera]);
    } else {
      this.#localStream = undefined;
    }
  }

  async #toggle(source: DeviceSource): Promise<void> {
    const session = this.#binding.session;
    if (!session) return;
    try {
      await session.setMuted(source, !session.isMuted(source));
    } catch (error) {
      this.emit('air-error', errorDetail(error));
    }
  }

  #askHangUp(open: boolean): void {
    if (open && this.noHangUpConfirm) {
      this.#hangUp();
      return;
    }
    this.#confirmingHangUp = open;
    this.#focusNext = open ? 'cancel-hang-up' : 'hang-up';
    this.requestUpdate();
  }

  #hangUp(): void {
    this.#confirmingHangUp = false;
    this.requestUpdate();
    const session = this.#binding.session;
    if (!session) return;
    const request = this.emit('air-request-hang-up', { sessionId: session.sessionId }, { cancelable: true });
    if (request.defaultPrevented) return;
    session.leave().catch(reportError);
  }

  #rejoin(): void {
    const sessionId = this.#binding.session?.sessionId ?? this.sessionId;
    if (!sessionId) return;
    const request = this.emit('air-request-rejoin', { sessionId }, { cancelable: true });
    if (request.defaultPrevented) return;
    this.#binding.rejoin();
  }

  #renderEnded(): TemplateResult | typeof nothing {
    const state = this.#binding.state;
    if (state !== 'ended' && state !== 'error') return nothing;
    const code = this.#ended?.code ?? this.#binding.error?.code;
    const text = endedText(this.#ended?.reason, code);
    const canRejoin = text.canRejoin && (this.#binding.session !== undefined || this.client !== undefined);
    return html`<div part="ended">
      <p>${this.localize.term(text.key)}</p>
      ${
        canRejoin
          ? html`<button part="control rejoin" type="button" @click=${() => this.#rejoin()}>
              ${this.localize.term('videoSession.rejoin')}
            </button>`
          : nothing
      }
    </div>`;
  }

  #renderReconnecting(): TemplateResult | typeof nothing {
    const since = this.#reconnectingSince;
    if (this.#binding.state !== 'reconnecting' || since === undefined) return nothing;
    // Rounded up: a countdown shows 00:20 for its first second, and 00:00 only when time is up.
    const remaining = formatElapsed(Math.ceil((this.reconnectWindowMs - (Date.now() - since)) / 1000) * 1000);
    const [before = '', after = ''] = this.localize.term('videoSession.reconnecting').split('{time}');
    return html`<p part="reconnecting">${before}<span role="timer">${remaining}</span>${after}</p>`;
  }

  #renderHangUpConfirm(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    return html`<div
      part="hang-up-confirm"
      role="group"
      aria-labelledby="hang-up-question"
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Escape') this.#askHangUp(false);
      }}
    >
      <p id="hang-up-question">${term('videoSession.confirmHangUp')} ${term('videoSession.confirmHangUpDetail')}</p>
      <button part="control confirm-hang-up" type="button" @click=${() => this.#hangUp()}>
        ${hangUpIcon()}<span>${term('videoSession.confirmLeave')}</span>
      </button>
      <button part="control cancel-hang-up" type="button" @click=${() => this.#askHangUp(false)}>
        <span>${term('videoSession.stay')}</span>
      </button>
    </div>`;
  }

  #renderQuality(quality: ConnectionQuality | undefined): TemplateResult {
    const level = quality ?? 'unknown';
    const text = this.localize.term('common.connectionQuality', { quality: this.localize.term(`quality.${level}`) });
    return html`<span part="quality" data-quality=${level}>${qualityIcon(level)}<span>${text}</span></span>`;
  }

  #renderParticipant(participant: Participant): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const microphone = participant.tracks.find((remote) => remote.source === 'microphone');
    return html`<li part="participant" data-peer-id=${participant.peerId}>
      <video
        part="remote-video"
        .srcObject=${this.#streams.get(participant.peerId) ?? null}
        autoplay
        playsinline
        aria-label=${term('videoSession.remoteVideo', { name: participant.displayName })}
      ></video>
      <div part="participant-info">
        <span part="participant-name">${participant.displayName}</span>
        <span>${term(`role.${participant.role}`)}</span>
        ${this.#renderQuality(participant.quality)}
        ${
          microphone?.muted
            ? html`<span part="remote-muted"
                >${microphoneIcon(true)}${term('videoSession.microphoneMuted', { name: participant.displayName })}</span
              >`
            : nothing
        }
      </div>
    </li>`;
  }

  #statusText(state: SessionViewState): string {
    const text = this.localize.term(`state.${state}`);
    const error = this.#binding.error;
    return state === 'error' && error
      ? `${text}. ${this.localize.term('videoSession.errorPrefix', { message: error.code })}`
      : text;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const session = this.#binding.session;
    const state = this.#binding.state;
    const live = this.#binding.live;
    const over = state === 'ended' || state === 'error';
    // Once the call is over its tiles (names, "Connection: good") would be stale.
    const participants = over ? [] : this.#participants;
    const microphoneMuted = session?.isMuted('microphone') ?? false;
    const cameraMuted = session?.isMuted('camera') ?? false;
    const hasMicrophone = session?.localTracks.microphone !== undefined;
    const hasCamera = session?.localTracks.camera !== undefined;
    return html`<section
      part="base"
      aria-label=${term('videoSession.label')}
      lang=${this.localize.locale}
      data-state=${state}
    >
      <p part="status" role="status" aria-live="polite" aria-atomic="true">${this.#statusText(state)}</p>
      <div part="stage">
        <ul part="participants" aria-label=${term('videoSession.participants')}>
          ${
            participants.length === 0
              ? html`<li part="waiting">${live ? term('videoSession.waiting') : term(`state.${state}`)}</li>`
              : repeat(
                  participants,
                  (participant) => participant.peerId,
                  (participant) => this.#renderParticipant(participant),
                )
          }
        </ul>
        ${
          this.#localStream && !over
            ? html`<figure part="local">
                <video
                  part="local-video"
                  .srcObject=${this.#localStream}
                  .muted=${true}
                  autoplay
                  playsinline
                  aria-label=${term('videoSession.localVideo')}
                ></video>
                <figcaption>${term('common.you')}</figcaption>
              </figure>`
            : nothing
        }
      </div>
      ${this.#renderReconnecting()} ${this.#renderEnded()}
      ${this.#confirmingHangUp && live ? this.#renderHangUpConfirm() : nothing}
      <div part="controls" role="group" aria-label=${term('videoSession.controls')}>
        <button
          part="control mute-microphone"
          type="button"
          aria-pressed=${microphoneMuted ? 'true' : 'false'}
          ?disabled=${!live || !hasMicrophone}
          @click=${() => this.#toggle('microphone')}
        >
          ${microphoneIcon(microphoneMuted)}<span>${term('videoSession.muteMicrophone')}</span>
        </button>
        <button
          part="control mute-camera"
          type="button"
          aria-pressed=${cameraMuted ? 'true' : 'false'}
          ?disabled=${!live || !hasCamera}
          @click=${() => this.#toggle('camera')}
        >
          ${cameraIcon(cameraMuted)}<span>${term('videoSession.muteCamera')}</span>
        </button>
        <button
          part="control hang-up"
          type="button"
          aria-expanded=${this.#confirmingHangUp && live ? 'true' : 'false'}
          ?disabled=${!live}
          @click=${() => this.#askHangUp(true)}
        >
          ${hangUpIcon()}<span>${term('videoSession.hangUp')}</span>
        </button>
      </div>
      <div class="visually-hidden" aria-live="polite">${this.#announcement}</div>
    </section>`;
  }
}

/** `reconnectWindowMs()` of @aircounter/client with its default options (elements import only its types). */
const DEFAULT_RECONNECT_WINDOW_MS = 39_500;

function syncTracks(stream: MediaStream, wanted: readonly MediaStreamTrack[]): void {
  for (const track of stream.getTracks()) if (!wanted.includes(track)) stream.removeTrack(track);
  const current = stream.getTracks();
  for (const track of wanted) if (!current.includes(track)) stream.addTrack(track);
}
