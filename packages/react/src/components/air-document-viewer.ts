import '@aircounter/elements/define/air-document-viewer.js';
import { AirDocumentViewer as AirDocumentViewerElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-document-viewer>` as a React component (see docs/components/air-document-viewer.md). */
export const AirDocumentViewer = /* @__PURE__ */ wrap('air-document-viewer', AirDocumentViewerElement);
