import type { Role } from '@aircounter/protocol';

/** The element joined the session (it was given a client and a session id). */
export interface AirSessionJoinedDetail {
  readonly sessionId: string;
  readonly peerId: string;
  readonly role: Role;
}

export type AirSessionJoinedEvent = CustomEvent<AirSessionJoinedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-session-joined': AirSessionJoinedEvent;
  }
}
