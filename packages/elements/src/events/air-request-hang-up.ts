/**
 * The user asked to hang up. Cancelable: call `preventDefault()` to keep the
 * call going (e.g. to ask for confirmation first, then call `session.leave()`).
 */
export interface AirRequestHangUpDetail {
  readonly sessionId: string;
}

export type AirRequestHangUpEvent = CustomEvent<AirRequestHangUpDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-request-hang-up': AirRequestHangUpEvent;
  }
}
