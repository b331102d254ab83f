import type { SignatureStrokes } from '@aircounter/protocol';

/**
 * The customer pressed "Sign" with a signature that reaches the minimum
 * complexity. Cancelable like every `air-request-*`; the element has no
 * default action: the page submits it (`submitSignature`).
 */
export interface AirRequestSignDetail {
  readonly signature: SignatureStrokes;
}

export type AirRequestSignEvent = CustomEvent<AirRequestSignDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-request-sign': AirRequestSignEvent;
  }
}
