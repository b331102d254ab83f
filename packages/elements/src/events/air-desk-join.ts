/**
 * The authorizer was given a single-use `supervisor` join token for the
 * request's live call. The element has no default action: the page joins
 * with it (an `<air-session>` put into the desk's `call` slot).
 */
export interface AirDeskJoinDetail {
  readonly requestId: string;
  readonly sessionId: string;
  /** Single use: each attempt to join needs a fresh one. */
  readonly token: string;
}

export type AirDeskJoinEvent = CustomEvent<AirDeskJoinDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-desk-join': AirDeskJoinEvent;
  }
}
