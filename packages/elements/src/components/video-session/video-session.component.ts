import type { Client, ConnectionQuality, DeviceSource, Participant, Session, Unsubscribe } from '@aircounter/client';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { AirElement } from '../../base/air-element.ts';
import { errorDetail } from '../../base/error-detail.ts';
import { microphoneIcon } from '../../base/icons.ts';
import { SessionBinding, type SessionSource } from '../../base/session-binding.ts';
import type { SessionViewState } from '../../base/session-context.ts';
import { baseStyles } from '../../base/styles.ts';
import type { TermKey } from '../../translations/en.ts';
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
 * @summary A video call: your camera preview, the other participants, and
 * the controls to mute and hang up.
 *
 * @event air-session-joined - The element joined the session (given `client` and `session-id`).
 * @event air-session-ended - The session it owns is over: `{ reason, code? }`.
 * @event air-participant-joined - Another participant joined: `{ peerId, displayName, role }`.
 * @event air-participant-left - Another participant left: `{ peerId, displayName, reason }`.
 * @event air-mute-changed - The camera or microphone was muted or unmuted: `{ source, muted }`.
 * @event air-error - Something failed: `{ code, recoverable, message }`.
 * @event air-request-hang-up - The user pressed hang up. Cancelable: `preventDefault()` keeps the call.
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
 *
 * @cssproperty --air-video-session-background - Background of the component (falls back to `--air-color-surface`).
 * @cssproperty --air-video-session-color - Text colour (falls back to `--air-color-text`).
 * @cssproperty --air-video-session-stage-background - Background behind the videos.
 * @cssproperty --air-video-session-radius - Corner radius (falls back to `--air-radius`).
 * @cssproperty --air-video-session-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-video-session-control-size - Minimum width and height of the buttons (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-video-session-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-video-session-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`, 1.375rem).
 * @cssproperty --air-video-session-control-background - Button background.
 * @cssproperty --air-video-session-control-color - Button text colour.
 * @cssproperty --air-video-session-control-pressed-background - Background of a pressed (muted) button.
 * @cssproperty --air-video-session-control-pressed-color - Text colour of a pressed button (white).
 * @cssproperty --air-video-session-danger - Background of the hang-up button (falls back to `--air-color-danger`).
 * @cssproperty --air-video-session-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirVideoSession extends AirElement implements SessionSource {
  static override styles = [baseStyles('video-session'), styles];

  static override properties = {
    session: { attribute: false },
    client: { attribute: false },
    sessionId: { attribute: 'session-id' },
    displayName: { attribute: 'display-name' },
    elderly: { type: Boolean, reflect: true },
  };

  /** A joined session to show. The element owns it: it leaves it when removed from the page. */
  declare session: Session | undefined;
  /** A client to join `session-id` with (ignored when `session` is set). */
  declare client: Client | undefined;
  /** The session to join with `client`. */
  declare sessionId: string | undefined;
  /** The name others see when the join token carries none. */
  declare displayName: string | undefined;
  /** Larger text and buttons (at least 60 px) for older customers. */
  declare elderly: boolean;

  readonly #binding = new SessionBinding(this, {
    fromContext: true,
    subscribe: (session) => this.#subscribe(session),
    unbound: () => this.#clear(),
  });
  readonly #streams = new Map<string, MediaStream>();
  #participants: readonly Participant[] = [];
  #localStream: MediaStream | undefined;
  #announcement = '';

  constructor() {
    super();
    this.session = undefined;
    this.client = undefined;
    this.sessionId = undefined;
    this.displayName = undefined;
    this.elderly = false;
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
    return [
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

  #clear(): void {
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

  #hangUp(): void {
    const session = this.#binding.session;
    if (!session) return;
    const request = this.emit('air-request-hang-up', { sessionId: session.sessionId }, { cancelable: true });
    if (request.defaultPrevented) return;
    session.leave().catch(reportError);
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
    const live = session !== undefined && (state === 'connected' || state === 'reconnecting');
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
            this.#participants.length === 0
              ? html`<li part="waiting">${live ? term('videoSession.waiting') : term(`state.${state}`)}</li>`
              : repeat(
                  this.#participants,
                  (participant) => participant.peerId,
                  (participant) => this.#renderParticipant(participant),
                )
          }
        </ul>
        ${
          this.#localStream
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
        <button part="control hang-up" type="button" ?disabled=${!live} @click=${() => this.#hangUp()}>
          ${hangUpIcon()}<span>${term('videoSession.hangUp')}</span>
        </button>
      </div>
      <div class="visually-hidden" aria-live="polite">${this.#announcement}</div>
    </section>`;
  }
}

function syncTracks(stream: MediaStream, wanted: readonly MediaStreamTrack[]): void {
  for (const track of stream.getTracks()) if (!wanted.includes(track)) stream.removeTrack(track);
  const current = stream.getTracks();
  for (const track of wanted) if (!current.includes(track)) stream.addTrack(track);
}
