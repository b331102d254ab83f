import '@aircounter/elements/define/air-captions.js';
import { AirCaptions as AirCaptionsElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-captions>` as a React component (see docs/components/air-captions.md). */
export const AirCaptions = /* @__PURE__ */ wrap('air-captions', AirCaptionsElement);
