import type { SignatureCanvas, SignatureStroke } from '@aircounter/protocol';

/**
 * The customer lifted the pen: one stroke is finished. A page passes it on
 * live (`relaySignatureStroke`) so the agent watches the signature appear.
 */
export interface AirSignatureStrokeDrawnDetail {
  readonly stroke: SignatureStroke;
  readonly canvas: SignatureCanvas;
}

export type AirSignatureStrokeDrawnEvent = CustomEvent<AirSignatureStrokeDrawnDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-signature-stroke-drawn': AirSignatureStrokeDrawnEvent;
  }
}
