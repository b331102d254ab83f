import '@aircounter/elements/define/air-authorization-desk.js';
import { AirAuthorizationDesk as AirAuthorizationDeskElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-authorization-desk>` as a React component (see docs/components/air-authorization-desk.md). */
export const AirAuthorizationDesk = /* @__PURE__ */ wrap('air-authorization-desk', AirAuthorizationDeskElement);
