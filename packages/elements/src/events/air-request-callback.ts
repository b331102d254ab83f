/**
 * The customer asks to be called back by a person instead. Cancelable like
 * every `air-request-*`; the page sends the request to the bank's back end
 * and sets `callback` on the element to `requested` (or `failed`).
 */
export interface AirRequestCallbackDetail {
  /** What kept the customer from continuing, e.g. `denied`. */
  readonly problem: string;
  /** The locale the customer uses (for the person who calls back). */
  readonly locale: string;
}

export type AirRequestCallbackEvent = CustomEvent<AirRequestCallbackDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-request-callback': AirRequestCallbackEvent;
  }
}
