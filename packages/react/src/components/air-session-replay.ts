import '@aircounter/elements/define/air-session-replay.js';
import { AirSessionReplay as AirSessionReplayElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-session-replay>` as a React component (see docs/components/air-session-replay.md). */
export const AirSessionReplay = /* @__PURE__ */ wrap('air-session-replay', AirSessionReplayElement);
