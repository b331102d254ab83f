import type { SIGNING_ATTESTATIONS } from '@aircounter/protocol';

/**
 * The agent attests that the customer signed in view (亲见签名), for the
 * latest attempt. The page sends it (`attestSignature`) and sets `busy` on
 * the element until the server answers. Cancelable, as an intent; the
 * element has no default action.
 */
export interface AirRequestSignatureAttestDetail {
  readonly attempt: number;
  readonly statement: (typeof SIGNING_ATTESTATIONS)[number];
}

export type AirRequestSignatureAttestEvent = CustomEvent<AirRequestSignatureAttestDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-request-signature-attest': AirRequestSignatureAttestEvent;
  }
}
