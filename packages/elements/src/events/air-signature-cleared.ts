/** The customer cleared the pad to sign again (the page may tell the agent: `relaySignatureStroke` with `null`). */
export type AirSignatureClearedDetail = Record<string, never>;

export type AirSignatureClearedEvent = CustomEvent<AirSignatureClearedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-signature-cleared': AirSignatureClearedEvent;
  }
}
