import { define } from '../base/define.ts';
import { AirDocumentViewer } from '../components/document-viewer/document-viewer.component.ts';

define('air-document-viewer', AirDocumentViewer);

declare global {
  interface HTMLElementTagNameMap {
    'air-document-viewer': AirDocumentViewer;
  }
}
