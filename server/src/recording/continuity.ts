import type { CoverageCause, MediaSource, Role, TrackCoverage } from '@aircounter/protocol';

/** What the monitor knows about how a track is recorded right now (video only). */
export interface TrackQuality {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number | undefined;
  readonly belowMinimum: boolean;
}

/** A track as the monitor follows it: one participant's camera, microphone or screen. */
export interface WatchedTrack {
  readonly trackKey: string;
  readonly peerId: string;
  readonly role: Role;
  readonly source: MediaSource;
}

/**
 * Where packets of a track are counted: RTP packets mediasoup has sent to the
 * recorder (the recording consumer's `outbound-rtp` count), and whether the
 * participant paused it. A new producer (rejoin, republish) brings a new probe.
 */
export interface PacketProbe {
  packets(): Promise<number>;
  paused(): boolean;
}

/** An interruption of one track, on the wall clock (media time is derived by the recorder). */
export interface CoverageGap {
  readonly trackKey: string;
  readonly peerId: string;
  readonly role: Role;
  readonly source: MediaSource;
  readonly cause: CoverageCause;
  readonly fromUnixMs: number;
  readonly toUnixMs: number;
  /** Still open when the recording ended (the track never came back). */
  readonly open: boolean;
}

export interface ContinuityEvents {
  /** A track stopped being recorded (a gap opened); `fromUnixMs` is when its last packet arrived. */
  gapOpened(gap: Omit<CoverageGap, 'toUnixMs' | 'open'>): void;
  /** A gap closed: media reaches the recorder again, or the recording ended. */
  gapClosed(gap: CoverageGap): void;
  /** Anything people see changed (a track recorded or not, its quality). */
  changed(): void;
  /** A packet probe failed (logged by the recorder; the poll goes on). */
  probeFailed(trackKey: string, error: unknown): void;
}

export interface ContinuityOptions {
  /** No packet for longer than this is a stall: AIR_RECORDING_STALL_GAP_MS. */
  readonly stallGapMs: number;
  /** How often packet counts are read: AIR_RECORDING_MONITOR_INTERVAL_MS. */
  readonly pollMs: number;
  readonly now?: () => number;
}

/**
 * Gaps only the first packet of a new segment closes: while a recorder
 * restarts or a new producer's recorder starts, the old consumer's count may
 * still creep up for a moment (packets sent before it was paused), which must
 * not end the gap early.
 */
const CLOSED_BY_NEW_SEGMENT: ReadonlySet<CoverageCause> = new Set([
  'recorder-restart',
  'track-closed',
  'participant-left',
  'server-restart',
]);

interface TrackState extends WatchedTrack {
  probe: PacketProbe | undefined;
  lastCount: number;
  /** When the packet count was last read (or the probe attached). */
  lastReadUnixMs: number;
  /** The read at which the packet count last grew (or the probe was attached)… */
  lastGrowthUnixMs: number;
  /** …and the read before it: the packets it counted arrived between the two. */
  lastGrowthAfterUnixMs: number;
  recorded: boolean;
  since: number;
  cause: CoverageCause | undefined;
  gap: { readonly fromUnixMs: number; readonly cause: CoverageCause } | undefined;
  quality: TrackQuality | undefined;
}

/**
 * The continuity monitor of one recording: per participant and track, is it
 * being recorded right now, and every interruption as a gap with its cause.
 *
 * It reads the truth from RTP arrival, not from signaling: every `pollMs` it
 * reads how many packets the recorder got; no growth for more than
 * `stallGapMs` opens a gap (`network`, or `camera-off` when the participant
 * paused the track). A poll only tells that packets arrived between two
 * reads, so each bound of such a gap is the middle of the two reads around
 * it — within half a poll interval of the real stop and return, where taking
 * the read itself would be late by up to a whole one (for the start and the
 * end alike, so durations stay unbiased either way). Events the recorder
 * knows for sure (a producer closed, ffmpeg restarting) open a gap at once,
 * whatever its length. The first packet that reaches the recorder again
 * closes it. Gaps are reported as they close; the recorder turns them into
 * evidence events and timing records, so the live view, the evidence log and
 * the package come from this one source.
 */
export class ContinuityMonitor {
  readonly #options: ContinuityOptions;
  readonly #events: ContinuityEvents;
  readonly #now: () => number;
  readonly #tracks = new Map<string, TrackState>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: ContinuityOptions, events: ContinuityEvents) {
    this.#options = options;
    this.#events = events;
    this.#now = options.now ?? Date.now;
  }

  /** Starts polling (idempotent). */
  start(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    this.#schedule();
  }

  /**
   * Media of `track` is expected from now (its recorder listens): packets are
   * counted through `probe`. The track counts as recorded until it stalls (a
   * fresh track gets the same grace as a running one: `stallGapMs` for its
   * first packet). Attaching the probe already attached changes nothing.
   */
  attach(track: WatchedTrack, probe: PacketProbe): void {
    if (this.#stopped) return;
    const now = this.#now();
    const state = this.#tracks.get(track.trackKey);
    if (state === undefined) {
      this.#tracks.set(track.trackKey, {
        ...track,
        probe,
        lastCount: 0,
        lastReadUnixMs: now,
        lastGrowthUnixMs: now,
        lastGrowthAfterUnixMs: now,
        recorded: true,
        since: now,
        cause: undefined,
        gap: undefined,
        quality: undefined,
      });
      this.#events.changed();
      return;
    }
    if (state.probe === probe) return;
    state.probe = probe;
    state.lastCount = 0;
    state.lastReadUnixMs = now;
    // An open gap stays open until packets of the new producer arrive.
    if (state.gap === undefined) {
      state.lastGrowthUnixMs = now;
      state.lastGrowthAfterUnixMs = now;
    }
  }

  /**
   * The track is certainly not recorded from `atUnixMs` (its producer closed,
   * the participant left, its ffmpeg is being restarted or failed): a gap
   * opens now, whatever its final length. `detach` also forgets the probe.
   */
  interrupt(trackKey: string, cause: CoverageCause, atUnixMs: number, detach: boolean): void {
    const state = this.#tracks.get(trackKey);
    if (this.#stopped || state === undefined) return;
    if (detach) state.probe = undefined;
    this.#open(state, cause, atUnixMs);
  }

  /**
   * A track recorded before the server stopped, by a recording this one
   * resumes: it is not recorded from `fromUnixMs` (when its last media was
   * written) until the first packet of its new segment, a gap with `cause`
   * opened now. A track already followed changes nothing.
   */
  carryOver(track: WatchedTrack, cause: CoverageCause, fromUnixMs: number): void {
    if (this.#stopped || this.#tracks.has(track.trackKey)) return;
    const now = this.#now();
    const state: TrackState = {
      ...track,
      probe: undefined,
      lastCount: 0,
      lastReadUnixMs: now,
      lastGrowthUnixMs: fromUnixMs,
      lastGrowthAfterUnixMs: fromUnixMs,
      recorded: true,
      since: fromUnixMs,
      cause: undefined,
      gap: undefined,
      quality: undefined,
    };
    this.#tracks.set(track.trackKey, state);
    this.#open(state, cause, fromUnixMs);
  }

  /** The first packet of a new segment reached the recorder: an open gap closes at that instant. */
  mediaArrived(trackKey: string, atUnixMs: number): void {
    const state = this.#tracks.get(trackKey);
    if (this.#stopped || state === undefined) return;
    if (atUnixMs > state.lastGrowthUnixMs) {
      // An exact arrival: no read interval to split.
      state.lastGrowthUnixMs = atUnixMs;
      state.lastGrowthAfterUnixMs = atUnixMs;
    }
    this.#close(state, atUnixMs, false);
  }

  /** The resolution and frame rate a track is being recorded at (measured on its file). */
  setQuality(trackKey: string, quality: TrackQuality): void {
    const state = this.#tracks.get(trackKey);
    if (state === undefined) return;
    state.quality = quality;
    this.#events.changed();
  }

  /** Live coverage of every followed track (for `recordingStatus.coverage`). */
  coverage(sinceMediaTime: (unixMs: number) => number | null): TrackCoverage[] {
    return [...this.#tracks.values()].map((state) => ({
      peerId: state.peerId,
      role: state.role,
      source: state.source,
      recorded: state.recorded,
      since: state.since,
      sinceMediaTimeMs: sinceMediaTime(state.since),
      ...(state.cause === undefined || state.recorded ? {} : { cause: state.cause }),
      ...(state.quality === undefined
        ? {}
        : {
            width: state.quality.width,
            height: state.quality.height,
            ...(state.quality.frameRate === undefined ? {} : { frameRate: state.quality.frameRate }),
            belowMinimum: state.quality.belowMinimum,
          }),
    }));
  }

  /** Track keys the monitor follows. */
  get trackKeys(): readonly string[] {
    return [...this.#tracks.keys()];
  }

  /**
   * The recording ends at `atUnixMs`: polling stops and every gap still open
   * closes there, marked `open` (the track never came back). Idempotent.
   */
  stop(atUnixMs: number): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const state of this.#tracks.values()) this.#close(state, atUnixMs, true);
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#poll().then(
        () => {
          if (!this.#stopped) this.#schedule();
        },
        // #poll reports probe failures itself; this keeps the loop alive whatever happens.
        () => {
          if (!this.#stopped) this.#schedule();
        },
      );
    }, this.#options.pollMs);
    this.#timer.unref();
  }

  async #poll(): Promise<void> {
    const states = [...this.#tracks.values()].filter((state) => state.probe !== undefined);
    await Promise.all(states.map((state) => this.#pollOne(state)));
  }

  async #pollOne(state: TrackState): Promise<void> {
    const probe = state.probe;
    if (probe === undefined) return;
    let count: number;
    const asked = this.#now();
    try {
      count = await probe.packets();
    } catch (error: unknown) {
      this.#events.probeFailed(state.trackKey, error);
      return;
    }
    // The probe may have been replaced or the recording stopped while reading.
    if (this.#stopped || state.probe !== probe) return;
    // The worker counted somewhere between the question and the answer.
    const now = midpoint(asked, this.#now());
    const previousRead = state.lastReadUnixMs;
    state.lastReadUnixMs = now;
    if (count > state.lastCount) {
      state.lastCount = count;
      state.lastGrowthUnixMs = now;
      state.lastGrowthAfterUnixMs = previousRead;
      if (state.gap !== undefined && !CLOSED_BY_NEW_SEGMENT.has(state.gap.cause)) {
        // Media came back after the previous read and by this one.
        this.#close(state, midpoint(previousRead, now), false);
      }
      return;
    }
    if (state.gap === undefined && now - state.lastGrowthUnixMs > this.#options.stallGapMs) {
      // The last packets arrived after the read before the last growth and by the last growth.
      const stoppedAt = midpoint(state.lastGrowthAfterUnixMs, state.lastGrowthUnixMs);
      this.#open(state, probe.paused() ? 'camera-off' : 'network', stoppedAt);
    }
  }

  #open(state: TrackState, cause: CoverageCause, atUnixMs: number): void {
    // The first cause of an interruption is its cause (a stall that ends in a leave stays a network gap).
    if (state.gap !== undefined) return;
    state.gap = { fromUnixMs: atUnixMs, cause };
    state.recorded = false;
    state.since = atUnixMs;
    state.cause = cause;
    this.#events.gapOpened({ ...this.#identity(state), cause, fromUnixMs: atUnixMs });
    this.#events.changed();
  }

  #close(state: TrackState, atUnixMs: number, open: boolean): void {
    const gap = state.gap;
    if (gap === undefined) return;
    state.gap = undefined;
    state.recorded = !open;
    state.since = atUnixMs;
    if (!open) state.cause = undefined;
    this.#events.gapClosed({
      ...this.#identity(state),
      cause: gap.cause,
      fromUnixMs: gap.fromUnixMs,
      toUnixMs: Math.max(gap.fromUnixMs, atUnixMs),
      open,
    });
    this.#events.changed();
  }

  #identity(state: TrackState): WatchedTrack {
    return { trackKey: state.trackKey, peerId: state.peerId, role: state.role, source: state.source };
  }
}

/** The middle of two instants, whole ms. */
function midpoint(earlier: number, later: number): number {
  return Math.round((earlier + later) / 2);
}
