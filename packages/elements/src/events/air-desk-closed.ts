/** The authorizer went back from a case to the queue (with or without a vote): the page leaves the case's call. */
export interface AirDeskClosedDetail {
  readonly requestId: string;
}

export type AirDeskClosedEvent = CustomEvent<AirDeskClosedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-desk-closed': AirDeskClosedEvent;
  }
}
