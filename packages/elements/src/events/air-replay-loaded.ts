/** A track of a loaded replay: one media file and where it sits on the session timeline. */
export interface AirReplayTrackInfo {
  readonly file: string;
  readonly kind: 'video' | 'audio';
  readonly peerId: string | null;
  /** Media time (ms) of the file's first frame. */
  readonly startMs: number;
}

/** `<air-session-replay>` loaded a session: its media are ready to play. */
export interface AirReplayLoadedDetail {
  readonly sessionId: string;
  /** Length of the session timeline, ms. */
  readonly durationMs: number;
  readonly tracks: readonly AirReplayTrackInfo[];
  /** Number of event markers. */
  readonly markerCount: number;
  /** False when the package has no recording timing summary: every file is placed at 0 and may be out of step. */
  readonly timed: boolean;
}

export type AirReplayLoadedEvent = CustomEvent<AirReplayLoadedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-replay-loaded': AirReplayLoadedEvent;
  }
}
