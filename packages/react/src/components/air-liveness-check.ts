import '@aircounter/elements/define/air-liveness-check.js';
import { AirLivenessCheck as AirLivenessCheckElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-liveness-check>` as a React component (see docs/components/air-liveness-check.md). */
export const AirLivenessCheck = /* @__PURE__ */ wrap('air-liveness-check', AirLivenessCheckElement);
