import '@aircounter/elements/define/air-recording-consent.js';
import { AirRecordingConsent as AirRecordingConsentElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-recording-consent>` as a React component (see docs/components/air-recording-consent.md). */
export const AirRecordingConsent = /* @__PURE__ */ wrap('air-recording-consent', AirRecordingConsentElement);
