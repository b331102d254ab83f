import type { VerificationReport } from '@aircounter/evidence';
import {
  documentDownloadName,
  type JourneyChapter,
  type LoadedReplay,
  type ReplayDocument,
  type ReplaySignatureAttempt,
  type ReplaySignedDocument,
  type ReplayGroup,
  type ReplayMarker,
  type ReplaySource,
  type ReplayTrack,
} from '@aircounter/evidence/replay';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { AirElement } from '../../base/air-element.ts';
import { errorDetail } from '../../base/error-detail.ts';
import { microphoneIcon } from '../../base/icons.ts';
import { baseStyles, color } from '../../base/styles.ts';
import { ArtifactFiles } from './artifact-files.ts';
import { backIcon, forwardIcon, pauseIcon, playIcon } from './icons.ts';
import { integrityBadge } from './integrity-badge.ts';
import { CaptionTracks } from './caption-tracks.ts';
import { chapterStyles, chapterTitle, journeyChapters } from './journey-chapters.ts';
import { IntegrityController, type IntegrityState } from './integrity-controller.ts';
import { markerText, participantName, roleName } from './marker-text.ts';
import { formatClock, formatRate } from './format-time.ts';
import {
  PLAYBACK_RATES,
  PlaybackController,
  waitForMetadata,
  type PlaybackRate,
  type SyncedMedia,
} from './playback-controller.ts';
import { ReplayLoader, type ReplayLoadState } from './replay-loader.ts';
import { styles } from './session-replay.styles.ts';
import { documentStyles, signedDocuments, type DocumentPdf } from './signed-documents.ts';

export type { ReplayLoadState } from './replay-loader.ts';

/** How far the back/forward buttons move, ms. */
const SKIP_MS = 5_000;

/**
 * Give it a `source` (e.g. `createAuditorSource({ baseUrl, token })`) and a
 * `session-id`: it reads the session's evidence package through the source —
 * it has no network code of its own — and plays every participant's
 * recorded media side by side on one timeline. Each file is placed by the
 * recording's timing summary (`recording-<id>.timing.json`: where its first
 * frame sits in media time, the time base of the event log); segments of one
 * camera or microphone share one place on screen. One clock drives every
 * `<video>` and `<audio>` and keeps
 * them in step (speed nudges for small drift, a seek for large). The events
 * of the log (joins, leaves, consent, recording states and gaps, liveness
 * results …) are listed as buttons that move all media to that moment.
 * When the session ran a scripted journey, its steps are chapters: one
 * button per attempt at a step (interrupted, skipped and unfinished ones
 * marked in words), jumping to where the step started, with the step's text
 * (from the journey definition in the package) beside them. The step texts
 * are also the videos' captions (WebVTT, shown unless `no-captions`): the
 * exact text the customer saw, in the journey's language, while the step was
 * open — no speech recognition involved.
 *
 * When the session signed documents face to face, a Documents section lists
 * each one with its title and document code, whether and when the customer
 * confirmed reading it, "Open signed PDF" and "Open original" (the PDF opens
 * in a new tab, and a link saves it under a readable name), and every
 * signature attempt: the image the server rendered from the strokes, whether
 * the agent attested it, and a button that jumps playback to the signing
 * moment. Every file is read from the package when needed and shown only if
 * its SHA-256 is the one the event log names; otherwise the element says so
 * (and fires `air-error`) instead of showing it. The signing moments (reading
 * confirmed, each attempt, a request to sign again, the attestation, the
 * signed PDF) are also among the events.
 *
 * In parallel it checks the package's integrity in the browser with the
 * shared verifier of `@aircounter/evidence` (Ed25519 and SHA-256 over the
 * same bytes it plays) and shows the verdict as icon and text: verifying,
 * verified (with the signing key), failed (with every problem: what, where,
 * and the verifier's exact message), or could not be checked.
 *
 * Keyboard: Tab reaches every control. Play/Pause, Back 5 s, Forward 5 s,
 * the speeds (`aria-pressed` tells which is on), each event, each document's
 * open buttons and each signature attempt's jump are buttons
 * (Enter or Space); the position slider moves with the arrow keys (1 s),
 * Page Up/Down, Home and End. Loading and playback states and the integrity
 * verdict are announced in polite live regions; the event that playback has
 * reached is marked `aria-current`.
 *
 * @summary Replays a recorded session for compliance review: all
 * participants in sync, event markers, and an integrity badge.
 *
 * @event air-replay-loaded - The session's media are ready: `{ sessionId, durationMs, tracks, markerCount, timed }`.
 * @event air-replay-verified - The integrity check finished: `{ sessionId, ok, signature, keyId, problems }`.
 * @event air-replay-marker-selected - The reviewer jumped to an event, a chapter or a signature attempt: `{ sessionId, seq, type, mediaTimeMs, positionMs }`.
 * @event air-error - Loading or the integrity check could not run, or a document's file could not be shown (`EVIDENCE_NOT_FOUND`; `INTERNAL` when its bytes are not the ones the log names): `{ code, recoverable, message }`.
 *
 * @csspart base - The whole component.
 * @csspart header - Session title and integrity badge.
 * @csspart title - The session id line.
 * @csspart integrity - The integrity badge (`data-state`: idle, verifying, verified, failed, error).
 * @csspart integrity-status - The badge's verdict line (a live region).
 * @csspart key-id - The id of the key that signed the package.
 * @csspart problems - The list of problems found.
 * @csspart problem - One problem.
 * @csspart status - The loading/playback state line (a live region).
 * @csspart notice - Remarks on the package (no timing data, incomplete session).
 * @csspart stage - The media area.
 * @csspart participants - The list of participant tiles.
 * @csspart participant - One participant's media.
 * @csspart participant-name - A participant's name and role.
 * @csspart video - A recorded video.
 * @csspart audio - A recorded audio track (not visible).
 * @csspart audio-only - Placeholder for a participant recorded without video.
 * @csspart inactive - Shown over a track that has no media at the current position.
 * @csspart media-error - Shown when a file cannot be played.
 * @csspart controls - The playback controls.
 * @csspart control - Each playback button.
 * @csspart play-pause - The play/pause button.
 * @csspart back - The back 5 s button.
 * @csspart forward - The forward 5 s button.
 * @csspart seek - The position slider.
 * @csspart time - Position and length as text.
 * @csspart speeds - The group of speed buttons.
 * @csspart speed - One speed button.
 * @csspart timeline - The strip of marker ticks above the slider (decorative).
 * @csspart markers - The list of events.
 * @csspart marker - One event button (`data-kind` tells its kind).
 * @csspart marker-time - The time shown in an event button.
 * @csspart chapters-panel - The journey's steps (shown when the session ran a journey).
 * @csspart journey-summary - Whether the journey was complete, or how many steps were missing or interrupted.
 * @csspart chapters - The list of step chapters.
 * @csspart chapter - One step attempt's button (`data-status`: completed, interrupted, skipped, started; `data-step-id`).
 * @csspart chapter-time - The media time a chapter starts at.
 * @csspart chapter-status - A chapter's status in words.
 * @csspart chapter-text - The text of the step last jumped to (else the current one), beside the chapters.
 * @csspart captions - A video's `<track>` of the journey's step texts (WebVTT).
 * @csspart documents-panel - The documents signed in the session (shown when there are any).
 * @csspart documents - The list of documents.
 * @csspart document - One document (`data-document-id`).
 * @csspart document-title - A document's title.
 * @csspart document-code - A document's short code.
 * @csspart document-read - When the customer confirmed reading the document (or that they did not).
 * @csspart document-actions - A document's buttons and download links.
 * @csspart open-signed - The button that opens a signed PDF.
 * @csspart open-original - The button that opens the PDF as uploaded.
 * @csspart download - The link that saves an opened PDF under a readable name.
 * @csspart file-error - Why a file is not shown (`data-problem`: mismatch, missing, failed).
 * @csspart document-unsigned - Said when the package holds no signed PDF of the document.
 * @csspart attempts - The list of a document's signature attempts.
 * @csspart attempt - One signature attempt (`data-attempt`; `data-attested` when the agent attested it).
 * @csspart signature-image - The image of a signature attempt.
 * @csspart signature-loading - Shown while an attempt's image is read and checked.
 * @csspart attested - Says that the agent attested the attempt.
 * @csspart jump - The button that moves playback to a signature attempt.
 *
 * @cssproperty --air-session-replay-background - Background (falls back to `--air-color-surface`).
 * @cssproperty --air-session-replay-color - Text colour (falls back to `--air-color-text`).
 * @cssproperty --air-session-replay-stage-background - Background behind the videos (falls back to `--air-color-stage`).
 * @cssproperty --air-session-replay-video-max-height - Tallest a video is shown (24rem).
 * @cssproperty --air-session-replay-radius - Corner radius (falls back to `--air-radius`).
 * @cssproperty --air-session-replay-font-size - Text size (falls back to `--air-font-size`).
 * @cssproperty --air-session-replay-control-size - Minimum width and height of the buttons (falls back to `--air-target-size`, 48px).
 * @cssproperty --air-session-replay-elderly-control-size - The same in elderly mode (falls back to `--air-elderly-target-size`, 64px).
 * @cssproperty --air-session-replay-elderly-font-size - Text size in elderly mode (falls back to `--air-elderly-font-size`, 1.375rem).
 * @cssproperty --air-session-replay-control-background - Button background (falls back to `--air-color-control`).
 * @cssproperty --air-session-replay-control-color - Button text colour (falls back to `--air-color-on-control`).
 * @cssproperty --air-session-replay-control-pressed-background - Background of the selected speed (falls back to `--air-color-control-pressed`); formerly `--air-session-replay-pressed-background`, still read.
 * @cssproperty --air-session-replay-control-pressed-color - Text colour of a pressed button (falls back to `--air-color-on-control-pressed`).
 * @cssproperty --air-session-replay-verified-color - Text and border of a verified badge (falls back to `--air-color-success`).
 * @cssproperty --air-session-replay-failed-color - Text and border of a failed badge (falls back to `--air-color-danger`).
 * @cssproperty --air-session-replay-focus-ring - Focus outline colour (falls back to `--air-color-focus`).
 */
export class AirSessionReplay extends AirElement {
  static override styles = [
    baseStyles('session-replay', {
      // The name this variable had before every component followed `--air-<component>-control-pressed-*`.
      pressedBackground: `var(--air-session-replay-pressed-background, ${color('color-control-pressed').cssText})`,
    }),
    styles,
    chapterStyles,
    documentStyles,
  ];

  static override properties = {
    source: { attribute: false },
    sessionId: { attribute: 'session-id' },
    elderly: { type: Boolean, reflect: true },
    noCaptions: { type: Boolean, attribute: 'no-captions' },
  };

  /** Where the package is read from (see `ReplaySource`; `createAuditorSource()` for the auditor API). */
  declare source: ReplaySource | undefined;
  /** The session to replay. */
  declare sessionId: string | undefined;
  /** Larger text and buttons (at least 60 px) for older reviewers. */
  declare elderly: boolean;
  /** Hides the captions of the journey's step texts (they stay available as text tracks). */
  declare noCaptions: boolean;

  readonly #playback = new PlaybackController(this, {
    onPlayRefused: (error) => {
      this.#announce(this.localize.term('sessionReplay.playRefused'));
      this.emit('air-error', errorDetail(error));
    },
    onEnded: () => this.requestUpdate(),
  });
  readonly #integrity = new IntegrityController(this, {
    onReport: (report) => this.#reportVerified(report),
    onError: (error) => this.emit('air-error', errorDetail(error)),
  });
  readonly #loader = new ReplayLoader(this, {
    // Runs beside the loading; both read the same (cached) bytes from the source.
    loading: (source, sessionId) => void this.#integrity.verify(source, sessionId),
    prepare: (signal) => this.#prepare(signal),
    ready: (replay) => this.#announceLoaded(replay),
    failed: (error) => this.emit('air-error', errorDetail(error)),
    unloading: () => this.#reset(),
  });
  readonly #captions = new CaptionTracks();
  /** Signature images and PDFs of the shown session, as URLs of their checked bytes. */
  readonly #files = new ArtifactFiles(this, { failed: (error) => this.emit('air-error', errorDetail(error)) });
  /** Media durations (s) by file, from the elements' metadata. */
  readonly #durations = new Map<string, number>();
  readonly #mediaErrors = new Set<string>();
  #announcement = '';
  /** The journey step last jumped to (its text is shown beside the chapters). */
  #selectedChapter: JourneyChapter | undefined;

  constructor() {
    super();
    this.source = undefined;
    this.sessionId = undefined;
    this.elderly = false;
    this.noCaptions = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#captions.release();
  }

  /** `idle` (nothing to show), `loading`, `ready`, or `error` (the source failed). */
  get loadState(): ReplayLoadState {
    return this.#loader.state;
  }

  /** The integrity check's state. */
  get integrity(): IntegrityState {
    return this.#integrity.state;
  }

  /** The integrity check's full report, once it finished. */
  get verification(): VerificationReport | undefined {
    return this.#integrity.report;
  }

  /** Position on the session timeline, ms (media time, as the event log's `mediaTimeMs`). */
  get positionMs(): number {
    return this.#playback.positionMs;
  }

  /** Length of the session timeline, ms. */
  get durationMs(): number {
    return this.#playback.durationMs;
  }

  /** Whether the replay is playing (`play()`, `pause()`, `seek(ms)` control it from code). */
  get playing(): boolean {
    return this.#playback.playing;
  }

  /** Playback speed: 0.5, 1, 1.5 or 2. */
  get playbackRate(): PlaybackRate {
    return this.#playback.rate;
  }

  set playbackRate(rate: PlaybackRate) {
    if (!PLAYBACK_RATES.includes(rate))
      throw new RangeError(`playback rate must be one of ${PLAYBACK_RATES.join(', ')}`);
    this.#playback.setRate(rate);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Starting here (not in updated()) puts the loading state into this very render.
    if (changed.has('source') || changed.has('sessionId')) this.#loader.reload();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!changed.has('noCaptions')) return;
    // `default` only counts when a track loads: switching later sets the tracks' mode.
    for (const video of this.renderRoot.querySelectorAll('video')) {
      for (const track of Array.from(video.textTracks)) {
        if (track.kind === 'captions') track.mode = this.noCaptions ? 'hidden' : 'showing';
      }
    }
  }

  /** Renders the replay's media, puts them on the clock and waits until they know their length. */
  async #prepare(signal: AbortSignal): Promise<void> {
    this.#loadSignatureImages();
    this.#playback.durationMs = this.#computeDuration();
    this.requestUpdate();
    await this.updateComplete;
    signal.throwIfAborted();
    const media = this.#syncedMedia();
    this.#playback.attach(media);
    await waitForMetadata(
      media.map((item) => item.element),
      signal,
    );
    signal.throwIfAborted();
    this.#playback.durationMs = this.#computeDuration();
    this.#playback.seek(0);
  }

  #announceLoaded(replay: LoadedReplay): void {
    this.emit('air-replay-loaded', {
      sessionId: replay.sessionId,
      durationMs: this.#playback.durationMs,
      tracks: replay.tracks.map((track) => ({
        file: track.file,
        kind: track.kind,
        peerId: track.peerId ?? null,
        startMs: track.startMs,
      })),
      markerCount: replay.markers.length,
      timed: replay.timed,
    });
  }

  /** Stops playback and forgets what the shown session's media told (the loader hands the media back). */
  #reset(): void {
    this.#playback.pause();
    this.#playback.attach([]);
    this.#playback.durationMs = 0;
    this.#playback.seek(0);
    this.#integrity.reset();
    this.#durations.clear();
    this.#mediaErrors.clear();
    this.#announcement = '';
    this.#selectedChapter = undefined;
    this.#captions.release();
    this.#files.release();
  }

  /** Every attempt's image, read beside the media (each is small) so the documents show them once ready. */
  #loadSignatureImages(): void {
    const source = this.#loader.source;
    const replay = this.#loader.replay;
    if (!source || !replay) return;
    for (const document of replay.documents) {
      for (const attempt of document.attempts) void this.#files.url(source, replay.sessionId, attempt.image);
    }
  }

  #syncedMedia(): SyncedMedia[] {
    const replay = this.#loader.replay;
    if (!replay) return [];
    const elements = this.renderRoot.querySelectorAll<HTMLMediaElement>('video[data-file], audio[data-file]');
    const tracks = new Map(replay.tracks.map((track) => [track.file, track]));
    return [...elements].flatMap((element): SyncedMedia[] => {
      const track = tracks.get(element.dataset['file'] ?? '');
      if (!track) return [];
      return [{ element, startMs: track.startMs, endMs: () => this.#trackEnd(track) }];
    });
  }

  /** Where a track ends on the timeline: its file's own length when known, else what the timeline says. */
  #trackEnd(track: ReplayTrack): number | undefined {
    const seconds = this.#durations.get(track.file);
    return seconds !== undefined ? track.startMs + seconds * 1000 : track.endMs;
  }

  #computeDuration(): number {
    const replay = this.#loader.replay;
    if (!replay) return 0;
    let end = 0;
    for (const track of replay.tracks) end = Math.max(end, this.#trackEnd(track) ?? track.startMs);
    for (const marker of replay.markers) end = Math.max(end, marker.atMs);
    return end;
  }

  #onMetadata(track: ReplayTrack, element: HTMLMediaElement): void {
    if (Number.isFinite(element.duration)) this.#durations.set(track.file, element.duration);
    if (this.#loader.state === 'ready') this.#playback.durationMs = this.#computeDuration();
    this.requestUpdate();
  }

  #onMediaError(track: ReplayTrack): void {
    this.#mediaErrors.add(track.file);
    this.requestUpdate();
  }

  #reportVerified(report: VerificationReport): void {
    const sessionId = this.#loader.sessionId;
    if (sessionId === undefined) return;
    this.emit('air-replay-verified', {
      sessionId,
      ok: report.ok,
      signature: report.signature,
      keyId: report.keyId ?? null,
      problems: report.problems,
    });
  }

  #announce(text: string): void {
    this.#announcement = text;
    this.requestUpdate();
  }

  #togglePlay(): void {
    if (this.#playback.playing) this.#playback.pause();
    else this.#playback.play();
  }

  #skip(deltaMs: number): void {
    this.#playback.seek(this.#playback.positionMs + deltaMs);
  }

  #selectRate(rate: PlaybackRate): void {
    this.#playback.setRate(rate);
    this.#announce(this.localize.term('sessionReplay.speedChanged', { rate: formatRate(rate) }));
  }

  #selectMarker(marker: ReplayMarker): void {
    const replay = this.#loader.replay;
    if (!replay) return;
    this.#playback.seek(marker.atMs);
    const positionMs = this.#playback.positionMs;
    this.#announce(
      this.localize.term('sessionReplay.jumped', {
        time: formatClock(positionMs),
        event: markerText(this.localize.term.bind(this.localize), marker, replay.participants, this.#documentsById()),
      }),
    );
    this.emit('air-replay-marker-selected', {
      sessionId: replay.sessionId,
      seq: marker.seq,
      type: marker.type,
      mediaTimeMs: marker.mediaTimeMs,
      positionMs,
    });
  }

  #selectChapter(chapter: JourneyChapter): void {
    const replay = this.#loader.replay;
    if (!replay) return;
    this.#selectedChapter = chapter;
    this.#playback.seek(chapter.atMs);
    const positionMs = this.#playback.positionMs;
    this.#announce(
      this.localize.term('sessionReplay.jumped', {
        time: formatClock(positionMs),
        event: this.localize.term('sessionReplay.chapter', {
          index: chapter.index + 1,
          title: chapterTitle(chapter, this.localize.locale),
        }),
      }),
    );
    this.emit('air-replay-marker-selected', {
      sessionId: replay.sessionId,
      seq: chapter.seq,
      type: chapter.entryType,
      mediaTimeMs: chapter.mediaTimeMs,
      positionMs,
    });
  }

  #selectAttempt(document: ReplayDocument, attempt: ReplaySignatureAttempt): void {
    const replay = this.#loader.replay;
    if (!replay) return;
    this.#playback.seek(attempt.atMs);
    const positionMs = this.#playback.positionMs;
    this.#announce(
      this.localize.term('sessionReplay.jumped', {
        time: formatClock(positionMs),
        event: this.localize.term('sessionReplay.marker.signature', {
          attempt: attempt.attempt,
          title: document.title ?? document.documentId,
        }),
      }),
    );
    this.emit('air-replay-marker-selected', {
      sessionId: replay.sessionId,
      seq: attempt.seq,
      type: 'signing.signature.submitted',
      mediaTimeMs: attempt.mediaTimeMs,
      positionMs,
    });
  }

  /**
   * Opens a PDF of the package in a new tab: its bytes, checked against the
   * hash the log names, as an object URL (revoked when the element moves on).
   * The download link beside the button saves it under a readable name, and
   * is the way to it when the browser blocks the tab.
   */
  async #openPdf(pdf: DocumentPdf): Promise<void> {
    const source = this.#loader.source;
    const sessionId = this.#loader.sessionId;
    if (!source || sessionId === undefined) return;
    const term = this.localize.term.bind(this.localize);
    this.#announce(term('sessionReplay.document.opening', { file: pdf.downloadName }));
    const url = await this.#files.url(source, sessionId, pdf.artifact);
    if (url === undefined) {
      this.#announce('');
      return;
    }
    const opened = window.open(url, '_blank');
    // The tab shows a PDF: it needs no handle on this page.
    if (opened) opened.opener = null;
    this.#announce(
      term(opened ? 'sessionReplay.document.opened' : 'sessionReplay.document.popupBlocked', {
        file: pdf.downloadName,
      }),
    );
  }

  #downloadName(document: ReplayDocument, signed: ReplaySignedDocument | undefined): string {
    if (!signed) return documentDownloadName(document);
    const term = this.localize.term.bind(this.localize);
    return documentDownloadName(
      document,
      document.signed.length > 1
        ? term('sessionReplay.document.signedAttemptSuffix', { attempt: signed.attempt })
        : term('sessionReplay.document.signedSuffix'),
    );
  }

  /** Starts playback at the current position. */
  play(): void {
    this.#playback.play();
  }

  pause(): void {
    this.#playback.pause();
  }

  /** Moves every medium to `positionMs` on the session timeline. */
  seek(positionMs: number): void {
    this.#playback.seek(positionMs);
  }

  #documentsById(): ReadonlyMap<string, ReplayDocument> {
    return new Map((this.#loader.replay?.documents ?? []).map((document) => [document.documentId, document]));
  }

  #statusText(): string {
    const term = this.localize.term.bind(this.localize);
    switch (this.#loader.state) {
      case 'idle':
        return term('sessionReplay.state.idle');
      case 'loading':
        return term('sessionReplay.state.loading');
      case 'error':
        return term('sessionReplay.state.error', { code: this.#loader.errorCode ?? 'INTERNAL' });
      case 'ready':
        break;
    }
    if (this.#playback.playing) return term('sessionReplay.state.playing', { rate: formatRate(this.#playback.rate) });
    const position = this.#playback.positionMs;
    const duration = this.#playback.durationMs;
    if (duration > 0 && position >= duration) return term('sessionReplay.state.ended');
    return term('sessionReplay.state.paused', { time: formatClock(position), duration: formatClock(duration) });
  }

  #trackLabel(group: ReplayGroup, track: ReplayTrack): string {
    const term = this.localize.term.bind(this.localize);
    const replay = this.#loader.replay;
    if (!group.participant || !replay) return term(`sessionReplay.track.${track.kind}`, { name: track.file });
    const name = participantName(term, replay.participants, group.participant.peerId);
    if (track.source === 'camera' || track.source === 'screen' || track.source === 'microphone') {
      return term(`sessionReplay.track.${track.source}`, { name });
    }
    return term(`sessionReplay.track.${track.kind}`, { name });
  }

  #isActive(track: ReplayTrack): boolean {
    return this.#playback.isActive({ startMs: track.startMs, endMs: () => this.#trackEnd(track) });
  }

  /**
   * The segment of a lane to show now: the one with media at the position,
   * else the next to come, else the last one (it keeps its last frame).
   */
  #shownInLane(lane: readonly ReplayTrack[]): ReplayTrack | undefined {
    const position = this.#playback.positionMs;
    return lane.find((track) => this.#isActive(track)) ?? lane.find((track) => track.startMs > position) ?? lane.at(-1);
  }

  #renderTrackState(track: ReplayTrack): TemplateResult | typeof nothing {
    const term = this.localize.term.bind(this.localize);
    if (this.#mediaErrors.has(track.file)) {
      return html`<p part="media-error">${term('sessionReplay.mediaError', { file: track.file })}</p>`;
    }
    return this.#isActive(track) || this.#loader.state !== 'ready'
      ? nothing
      : html`<p part="inactive">${term('sessionReplay.notRecording')}</p>`;
  }

  #renderMedia(group: ReplayGroup, track: ReplayTrack, shown: boolean, muted: boolean): TemplateResult {
    const url = this.#loader.replay?.urls.get(track.file) ?? '';
    const label = this.#trackLabel(group, track);
    const onMetadata = (event: Event): void => this.#onMetadata(track, event.target as HTMLMediaElement);
    const onError = (): void => this.#onMediaError(track);
    // Every segment stays in the DOM (the clock keeps it in place); only the lane's current one is visible.
    const element =
      track.kind === 'video'
        ? html`<video
            part="video"
            data-file=${track.file}
            src=${url}
            preload="auto"
            playsinline
            .muted=${muted}
            aria-label=${label}
            @loadedmetadata=${onMetadata}
            @durationchange=${onMetadata}
            @error=${onError}
          >
            ${this.#captionTrack(track)}
          </video>`
        : html`<audio
            part="audio"
            data-file=${track.file}
            src=${url}
            preload="auto"
            aria-label=${label}
            @loadedmetadata=${onMetadata}
            @durationchange=${onMetadata}
            @error=${onError}
          ></audio>`;
    return html`<div class="track" data-track=${track.file} data-kind=${track.kind} ?hidden=${!shown}>
      ${element}${shown ? this.#renderTrackState(track) : nothing}
    </div>`;
  }

  /** The video's captions: the journey's step texts (when the session ran one). */
  #captionTrack(track: ReplayTrack): TemplateResult | typeof nothing {
    const journey = this.#loader.replay?.journey;
    const url = this.#captions.urlFor(track, journey, this.#playback.durationMs);
    if (!url) return nothing;
    return html`<track
      part="captions"
      kind="captions"
      src=${url}
      srclang=${journey?.locale ?? 'en'}
      label=${this.localize.term('sessionReplay.captions')}
      ?default=${!this.noCaptions}
    />`;
  }

  #renderGroup(group: ReplayGroup): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const replay = this.#loader.replay;
    const lanes = new Map<string, ReplayTrack[]>();
    for (const track of group.tracks) lanes.set(track.lane, [...(lanes.get(track.lane) ?? []), track]);
    const videoLanes = [...lanes.values()].filter((lane) => lane[0]?.kind === 'video');
    const audioLanes = [...lanes.values()].filter((lane) => lane[0]?.kind === 'audio');
    // A participant's sound is in its own file: their video plays muted.
    const muteVideo = audioLanes.length > 0;
    const renderLane = (lane: readonly ReplayTrack[]): TemplateResult[] => {
      const shown = this.#shownInLane(lane);
      return lane.map((track) => this.#renderMedia(group, track, track === shown, muteVideo));
    };
    const title = group.participant
      ? `${participantName(term, replay?.participants ?? new Map(), group.participant.peerId)}${
          group.participant.role ? ` · ${roleName(term, group.participant.role)}` : ''
        }`
      : (group.tracks[0]?.file ?? '');
    return html`<li part="participant" data-peer-id=${group.participant?.peerId ?? nothing}>
      ${videoLanes.map(renderLane)}
      ${
        videoLanes.length === 0
          ? html`<div part="audio-only">${microphoneIcon()}<span>${term('sessionReplay.audioOnly')}</span></div>`
          : nothing
      }
      ${audioLanes.map(renderLane)}
      <p part="participant-name">${title}</p>
    </li>`;
  }

  #renderControls(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const ready = this.#loader.state === 'ready';
    const playing = this.#playback.playing;
    const position = this.#playback.positionMs;
    const duration = this.#playback.durationMs;
    const positionText = term('sessionReplay.positionText', {
      time: formatClock(position),
      duration: formatClock(duration),
    });
    const markers = this.#loader.replay?.markers ?? [];
    return html`<div part="controls" role="group" aria-label=${term('sessionReplay.controls')}>
      <div class="buttons">
        <button part="control play-pause" type="button" ?disabled=${!ready} @click=${() => this.#togglePlay()}>
          ${playing ? pauseIcon() : playIcon()}<span
            >${term(playing ? 'sessionReplay.pause' : 'sessionReplay.play')}</span
          >
        </button>
        <button part="control back" type="button" ?disabled=${!ready} @click=${() => this.#skip(-SKIP_MS)}>
          ${backIcon()}<span>${term('sessionReplay.back')}</span>
        </button>
        <button part="control forward" type="button" ?disabled=${!ready} @click=${() => this.#skip(SKIP_MS)}>
          ${forwardIcon()}<span>${term('sessionReplay.forward')}</span>
        </button>
        <span part="time">${positionText}</span>
      </div>
      <div class="seek">
        <div part="timeline" aria-hidden="true">
          ${
            duration > 0
              ? markers.map(
                  (marker) =>
                    html`<span
                      class="tick"
                      data-kind=${marker.kind}
                      style="left: ${(100 * marker.atMs) / duration}%"
                    ></span>`,
                )
              : nothing
          }
        </div>
        <input
          part="seek"
          type="range"
          min="0"
          max=${String(Math.round(duration))}
          step="1000"
          .value=${String(Math.round(position))}
          ?disabled=${!ready}
          aria-label=${term('sessionReplay.position')}
          aria-valuetext=${positionText}
          @input=${(event: Event) => this.#playback.seek(Number((event.target as HTMLInputElement).value))}
        />
      </div>
      <div part="speeds" role="group" aria-label=${term('sessionReplay.speed')}>
        <span aria-hidden="true">${term('sessionReplay.speed')}</span>
        ${PLAYBACK_RATES.map(
          (rate) =>
            html`<button
              part="control speed"
              type="button"
              data-rate=${String(rate)}
              aria-pressed=${this.#playback.rate === rate ? 'true' : 'false'}
              ?disabled=${!ready}
              @click=${() => this.#selectRate(rate)}
            >
              ${formatRate(rate)}
            </button>`,
        )}
      </div>
    </div>`;
  }

  #renderMarkers(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const replay = this.#loader.replay;
    const markers = replay?.markers ?? [];
    const documents = this.#documentsById();
    const position = this.#playback.positionMs;
    // The event playback has reached: the last one at or before the position.
    const current = markers.reduce<ReplayMarker | undefined>(
      (found, marker) => (marker.atMs <= position && (!found || marker.atMs >= found.atMs) ? marker : found),
      undefined,
    );
    return html`<nav class="events" aria-label=${term('sessionReplay.markers')}>
      ${
        markers.length === 0
          ? html`<p>${replay ? term('sessionReplay.noMarkers') : ''}</p>`
          : html`<ol part="markers">
              ${repeat(
                markers,
                (marker) => marker.seq,
                (marker) =>
                  html`<li>
                    <button
                      part="marker"
                      type="button"
                      data-seq=${String(marker.seq)}
                      data-kind=${marker.kind}
                      aria-current=${marker === current ? 'time' : nothing}
                      ?disabled=${this.#loader.state !== 'ready'}
                      @click=${() => this.#selectMarker(marker)}
                    >
                      <span part="marker-time"
                        >${
                          marker.mediaTimeMs === null
                            ? term('sessionReplay.beforeRecording')
                            : formatClock(marker.mediaTimeMs)
                        }</span
                      >
                      <span>${markerText(term, marker, replay?.participants ?? new Map(), documents)}</span>
                    </button>
                  </li>`,
              )}
            </ol>`
      }
    </nav>`;
  }

  protected override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const replay = this.#loader.replay;
    const sessionId = this.#loader.sessionId ?? this.sessionId;
    return html`<section
      part="base"
      aria-label=${term('sessionReplay.label')}
      lang=${this.localize.locale}
      data-state=${this.#loader.state}
    >
      <header part="header">
        <p part="title">${sessionId ? term('sessionReplay.title', { id: sessionId }) : term('sessionReplay.label')}</p>
        ${
          this.#loader.state === 'idle'
            ? nothing
            : integrityBadge(term, {
                state: this.#integrity.state,
                report: this.#integrity.report,
                error: this.#integrity.error,
                incompleteReason: replay?.complete === false ? (replay.incompleteReason ?? '') : undefined,
              })
        }
      </header>
      <p part="status" role="status" aria-live="polite" aria-atomic="true">${this.#statusText()}</p>
      ${replay && !replay.timed && replay.tracks.length > 0 ? html`<p part="notice">${term('sessionReplay.untimed')}</p>` : nothing}
      <div part="stage">
        ${
          replay && replay.groups.length === 0
            ? html`<p>${term('sessionReplay.noMedia')}</p>`
            : html`<ul part="participants" aria-label=${term('sessionReplay.media')}>
                ${repeat(
                  replay?.groups ?? [],
                  (group) => group.key,
                  (group) => this.#renderGroup(group),
                )}
              </ul>`
        }
      </div>
      ${this.#renderControls()}
      ${
        replay?.journey
          ? journeyChapters(term, {
              journey: replay.journey,
              locale: this.localize.locale,
              positionMs: this.#playback.positionMs,
              shown: this.#selectedChapter,
              disabled: this.#loader.state !== 'ready',
              select: (chapter) => this.#selectChapter(chapter),
            })
          : nothing
      }
      ${
        replay && replay.documents.length > 0
          ? signedDocuments(term, {
              documents: replay.documents,
              fileState: (artifact) => this.#files.state(artifact),
              downloadName: (document, signed) => this.#downloadName(document, signed),
              disabled: this.#loader.state !== 'ready',
              open: (_, pdf) => void this.#openPdf(pdf),
              jump: (document, attempt) => this.#selectAttempt(document, attempt),
            })
          : nothing
      }
      ${this.#renderMarkers()}
      <div class="visually-hidden" aria-live="polite">${this.#announcement}</div>
    </section>`;
  }
}
