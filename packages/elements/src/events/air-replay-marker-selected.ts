/** The reviewer jumped to an event of the log; every media element was moved to its time. */
export interface AirReplayMarkerSelectedDetail {
  readonly sessionId: string;
  /** The event's `seq` in events.jsonl. */
  readonly seq: number;
  /** The event's type, e.g. `consent.given`. */
  readonly type: string;
  /** The event's media time as logged (null: before the recording started). */
  readonly mediaTimeMs: number | null;
  /** Where playback now is, ms (`mediaTimeMs`, or 0 for events before the recording). */
  readonly positionMs: number;
}

export type AirReplayMarkerSelectedEvent = CustomEvent<AirReplayMarkerSelectedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-replay-marker-selected': AirReplayMarkerSelectedEvent;
  }
}
