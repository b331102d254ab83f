/**
 * The user asked to rejoin the call after leaving it (or losing it).
 * Cancelable: `preventDefault()` to rejoin in the page's own way (e.g. join
 * with the client, then hand the new session to the element). Without it an
 * element given `client` + `session-id` joins again by itself.
 */
export interface AirRequestRejoinDetail {
  readonly sessionId: string;
}

export type AirRequestRejoinEvent = CustomEvent<AirRequestRejoinDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-request-rejoin': AirRequestRejoinEvent;
  }
}
