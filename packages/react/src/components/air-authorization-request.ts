import '@aircounter/elements/define/air-authorization-request.js';
import { AirAuthorizationRequest as AirAuthorizationRequestElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-authorization-request>` as a React component (see docs/components/air-authorization-request.md). */
export const AirAuthorizationRequest = /* @__PURE__ */ wrap(
  'air-authorization-request',
  AirAuthorizationRequestElement,
);
