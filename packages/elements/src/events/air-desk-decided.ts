/** The server recorded the authorizer's vote on a request. */
export interface AirDeskDecidedDetail {
  readonly requestId: string;
  readonly decision: 'approve' | 'decline';
}

export type AirDeskDecidedEvent = CustomEvent<AirDeskDecidedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-desk-decided': AirDeskDecidedEvent;
  }
}
