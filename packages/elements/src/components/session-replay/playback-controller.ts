import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Playback speeds offered to the reviewer. */
export const PLAYBACK_RATES = [0.5, 1, 1.5, 2] as const;
export type PlaybackRate = (typeof PLAYBACK_RATES)[number];

export function isPlaybackRate(value: unknown): value is PlaybackRate {
  return PLAYBACK_RATES.includes(value as PlaybackRate);
}

/** A media element placed on the session timeline. */
export interface SyncedMedia {
  readonly element: HTMLMediaElement;
  /** Media time (ms) of the file's first frame. */
  readonly startMs: number;
  /** Media time where the file ends; undefined while unknown (it then plays until it ends). */
  endMs(): number | undefined;
}

export interface PlaybackOptions {
  /** A media element refused to play (e.g. the browser's autoplay policy); playback is paused. */
  readonly onPlayRefused: (error: unknown) => void;
  /** The clock reached the end of the session. */
  readonly onEnded: () => void;
}

/** Farther apart than this (s), an element is re-seeked; closer, its speed is nudged. */
const SEEK_THRESHOLD_S = 0.3;
/** Closer than this (s) counts as in sync. */
const IN_SYNC_S = 0.04;
/** Largest speed change (fraction) used to pull an element back into sync. */
const MAX_NUDGE = 0.1;
/** How often the clock checks every element while playing. */
const TICK_MS = 100;
/** How long to wait for a medium's metadata before showing the replay without its length. */
const METADATA_TIMEOUT_MS = 15_000;

/**
 * One clock for every media element of a replay. The clock, not any one
 * element, is the truth: each tick it tells every element where it should
 * be (`position − startMs`). An element within 40 ms is left alone; up to
 * 300 ms off, its playback speed is nudged (by at most 10 %) so that it
 * catches up without a visible jump; farther off, it is seeked. Elements
 * outside their recorded span wait paused. The clock holds while an element
 * that should be playing has no data yet, so that nobody runs ahead.
 */
export class PlaybackController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: PlaybackOptions;
  #media: readonly SyncedMedia[] = [];
  #playing = false;
  #rate: PlaybackRate = 1;
  #durationMs = 0;
  /** Position at `#anchorWall` (performance.now()). */
  #anchorMs = 0;
  #anchorWall = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(host: ReactiveControllerHost, options: PlaybackOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get playing(): boolean {
    return this.#playing;
  }

  get rate(): PlaybackRate {
    return this.#rate;
  }

  get durationMs(): number {
    return this.#durationMs;
  }

  set durationMs(value: number) {
    this.#durationMs = Math.max(0, value);
  }

  /** Current position on the session timeline, ms. */
  get positionMs(): number {
    if (!this.#playing) return this.#anchorMs;
    const position = this.#anchorMs + (performance.now() - this.#anchorWall) * this.#rate;
    return Math.min(position, this.#durationMs);
  }

  hostConnected(): void {
    // Nothing to start: the clock runs only while playing.
  }

  hostDisconnected(): void {
    this.pause();
  }

  /** Replaces the elements the clock drives and puts them in place. */
  attach(media: readonly SyncedMedia[]): void {
    this.#media = media;
    for (const item of media) setRate(item.element, this.#rate);
    this.#sync();
  }

  play(): void {
    if (this.#playing) return;
    if (this.#anchorMs >= this.#durationMs) this.#anchorMs = 0;
    this.#playing = true;
    this.#anchorWall = performance.now();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#sync();
    this.#host.requestUpdate();
  }

  pause(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#playing) {
      this.#anchorMs = this.positionMs;
      this.#playing = false;
    }
    this.#sync();
    this.#host.requestUpdate();
  }

  seek(positionMs: number): void {
    this.#anchorMs = Math.min(Math.max(0, positionMs), this.#durationMs);
    this.#anchorWall = performance.now();
    this.#sync();
    this.#host.requestUpdate();
  }

  setRate(rate: PlaybackRate): void {
    this.#anchorMs = this.positionMs;
    this.#anchorWall = performance.now();
    this.#rate = rate;
    for (const item of this.#media) setRate(item.element, rate);
    this.#sync();
    this.#host.requestUpdate();
  }

  /** Whether `item` has media at the current position. */
  isActive(item: Pick<SyncedMedia, 'startMs' | 'endMs'>): boolean {
    const position = this.positionMs;
    const end = item.endMs();
    return position >= item.startMs && (end === undefined || position < end);
  }

  #tick(): void {
    const position = this.positionMs;
    if (position >= this.#durationMs) {
      this.pause();
      this.#options.onEnded();
      return;
    }
    if (this.#waitingForData()) {
      // Hold the clock where it is until every active element can play.
      this.#anchorMs = position;
      this.#anchorWall = performance.now();
    }
    this.#sync();
    this.#host.requestUpdate();
  }

  #waitingForData(): boolean {
    return this.#media.some(
      (item) =>
        this.isActive(item) &&
        item.element.error === null &&
        !item.element.ended &&
        item.element.readyState < HTMLMediaElement.HAVE_FUTURE_DATA,
    );
  }

  #sync(): void {
    const position = this.positionMs;
    for (const item of this.#media) {
      const element = item.element;
      if (!this.isActive(item)) {
        if (!element.paused) element.pause();
        // Before its start an element waits on its first frame; after its end it keeps its last one.
        if (position < item.startMs && element.currentTime !== 0) element.currentTime = 0;
        continue;
      }
      const target = (position - item.startMs) / 1000;
      if (!this.#playing) {
        if (!element.paused) element.pause();
        setRate(element, this.#rate);
        if (Math.abs(element.currentTime - target) > 0.001) element.currentTime = target;
        continue;
      }
      if (element.ended || element.seeking) continue;
      const drift = element.currentTime - target;
      if (element.paused) {
        element.currentTime = target;
        setRate(element, this.#rate);
        this.#start(element);
      } else if (Math.abs(drift) > SEEK_THRESHOLD_S) {
        element.currentTime = target;
        element.playbackRate = this.#rate;
      } else if (Math.abs(drift) > IN_SYNC_S) {
        // Ahead (drift > 0) → slower; behind → faster.
        element.playbackRate = this.#rate * (1 - Math.min(Math.max(drift, -MAX_NUDGE), MAX_NUDGE));
      } else if (element.playbackRate !== this.#rate) {
        element.playbackRate = this.#rate;
      }
    }
  }

  #start(element: HTMLMediaElement): void {
    element.play().catch((error: unknown) => {
      // A pause() (or a seek) before the play request settled: expected, the clock decides again next tick.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      this.pause();
      this.#options.onPlayRefused(error);
    });
  }
}

function setRate(element: HTMLMediaElement, rate: number): void {
  element.defaultPlaybackRate = rate;
  element.playbackRate = rate;
}

/**
 * Resolves when every element has its metadata (or failed to load), after a
 * timeout, or as soon as `signal` is aborted (nobody waits any more).
 */
export function waitForMetadata(elements: readonly HTMLMediaElement[], signal?: AbortSignal): Promise<void> {
  const pending = elements.filter((element) => element.readyState < HTMLMediaElement.HAVE_METADATA && !element.error);
  if (pending.length === 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    let left = pending.length;
    const stop = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      for (const element of pending) {
        element.removeEventListener('loadedmetadata', settle);
        element.removeEventListener('error', settle);
      }
      resolve();
    };
    const timer = setTimeout(stop, METADATA_TIMEOUT_MS);
    const settle = (event: Event): void => {
      const element = event.currentTarget as HTMLMediaElement;
      element.removeEventListener('loadedmetadata', settle);
      element.removeEventListener('error', settle);
      left -= 1;
      if (left === 0) stop();
    };
    signal?.addEventListener('abort', stop);
    for (const element of pending) {
      element.addEventListener('loadedmetadata', settle);
      element.addEventListener('error', settle);
    }
  });
}
