import type { Role } from '@aircounter/protocol';

/** Another participant joined the session. */
export interface AirParticipantJoinedDetail {
  readonly peerId: string;
  readonly displayName: string;
  readonly role: Role;
}

export type AirParticipantJoinedEvent = CustomEvent<AirParticipantJoinedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-participant-joined': AirParticipantJoinedEvent;
  }
}
