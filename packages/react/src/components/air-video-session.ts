import '@aircounter/elements/define/air-video-session.js';
import { AirVideoSession as AirVideoSessionElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-video-session>` as a React component (see docs/components/air-video-session.md). */
export const AirVideoSession = /* @__PURE__ */ wrap('air-video-session', AirVideoSessionElement);
