/**
 * The customer pressed "I have read and agree" after every page of the
 * document was shown. The element has no default action: the page confirms
 * it to the server with the short code (`session.documents.confirmRead`).
 */
export interface AirDocumentReadDetail {
  /** The short code the viewer showed (`XXXX-XXXX`). */
  readonly shortCode: string;
  /** Pages of the document, all of which were shown. */
  readonly pages: number;
}

export type AirDocumentReadEvent = CustomEvent<AirDocumentReadDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-document-read': AirDocumentReadEvent;
  }
}
