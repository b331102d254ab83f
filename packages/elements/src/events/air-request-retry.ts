/**
 * The customer fixed the device permission and asks to try again. Cancelable
 * like every `air-request-*`; the element has no default action: the page
 * joins again (or reopens the devices).
 */
export interface AirRequestRetryDetail {
  /** What failed before: `denied`, `not-found`, `in-use`, `insecure` or `other`. */
  readonly problem: string;
}

export type AirRequestRetryEvent = CustomEvent<AirRequestRetryDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-request-retry': AirRequestRetryEvent;
  }
}
