import type { ErrorCode } from '@aircounter/protocol';

/** The session is over for this page. */
export interface AirSessionEndedDetail {
  /** `left` after hanging up, `session-ended` when the server ended it, or `error`. */
  readonly reason: string;
  readonly code?: ErrorCode;
}

export type AirSessionEndedEvent = CustomEvent<AirSessionEndedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-session-ended': AirSessionEndedEvent;
  }
}
