/**
 * The reader of `<air-document-viewer>` turned to another page (a button or
 * a key; not when the page sets `page`): the page (1-based) now shown. The
 * agent's page passes it on so the customer follows ("follow me",
 * `session.documents.leadPage`).
 */
export interface AirDocumentPageChangeDetail {
  readonly page: number;
}

export type AirDocumentPageChangeEvent = CustomEvent<AirDocumentPageChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-document-page-change': AirDocumentPageChangeEvent;
  }
}
