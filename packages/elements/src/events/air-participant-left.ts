/** Another participant left the session. */
export interface AirParticipantLeftDetail {
  readonly peerId: string;
  readonly displayName: string;
  readonly reason: string;
}

export type AirParticipantLeftEvent = CustomEvent<AirParticipantLeftDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-participant-left': AirParticipantLeftEvent;
  }
}
