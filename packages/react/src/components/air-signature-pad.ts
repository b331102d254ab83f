import '@aircounter/elements/define/air-signature-pad.js';
import { AirSignaturePad as AirSignaturePadElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-signature-pad>` as a React component (see docs/components/air-signature-pad.md). */
export const AirSignaturePad = /* @__PURE__ */ wrap('air-signature-pad', AirSignaturePadElement);
