/**
 * `<air-document-viewer>` left a page: which page (1-based) and how long it
 * was on screen while the browser tab was visible, ms. The page reports it to
 * the server (`session.documents.reportPage`); a view longer than the
 * protocol's `MAX_PAGE_VISIBLE_MS` arrives as several events.
 */
export interface AirDocumentPageDetail {
  readonly page: number;
  readonly visibleMs: number;
}

export type AirDocumentPageEvent = CustomEvent<AirDocumentPageDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-document-page': AirDocumentPageEvent;
  }
}
