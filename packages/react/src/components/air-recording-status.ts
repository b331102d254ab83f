import '@aircounter/elements/define/air-recording-status.js';
import { AirRecordingStatus as AirRecordingStatusElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-recording-status>` as a React component (see docs/components/air-recording-status.md). */
export const AirRecordingStatus = /* @__PURE__ */ wrap('air-recording-status', AirRecordingStatusElement);
