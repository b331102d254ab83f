import '@aircounter/elements/define/air-session.js';
import { AirSession as AirSessionElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-session>` as a React component (see docs/components/air-session.md). */
export const AirSession = /* @__PURE__ */ wrap('air-session', AirSessionElement);
