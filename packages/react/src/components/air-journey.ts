import '@aircounter/elements/define/air-journey.js';
import { AirJourney as AirJourneyElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-journey>` as a React component (see docs/components/air-journey.md). */
export const AirJourney = /* @__PURE__ */ wrap('air-journey', AirJourneyElement);
