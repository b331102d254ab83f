/**
 * The agent asks the customer to sign again, with the reason the customer
 * will be shown (1–200 characters, `requestSignatureRedo`). Cancelable like
 * every `air-request-*`: the element then keeps the reason form open and
 * does not mark the attempt as refused; otherwise the form closes and the
 * attempt on screen can no longer be attested.
 */
export interface AirRequestSignatureRedoDetail {
  readonly reason: string;
}

export type AirRequestSignatureRedoEvent = CustomEvent<AirRequestSignatureRedoDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-request-signature-redo': AirRequestSignatureRedoEvent;
  }
}
