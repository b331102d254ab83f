import type { SIGNING_ATTESTATIONS } from '@aircounter/protocol';

/**
 * The agent attests that the customer signed in view (亲见签名), for the
 * latest attempt. The page sends it (`attestSignature`) and sets `busy` on
 * the element until the server answers. Cancelable, as an intent; the
 * element has no default action.
 */
export interface AirAttestSignatureDetail {
  readonly attempt: number;
  readonly statement: (typeof SIGNING_ATTESTATIONS)[number];
}

export type AirAttestSignatureEvent = CustomEvent<AirAttestSignatureDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-attest-signature': AirAttestSignatureEvent;
  }
}
