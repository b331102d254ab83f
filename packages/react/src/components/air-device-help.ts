import '@aircounter/elements/define/air-device-help.js';
import { AirDeviceHelp as AirDeviceHelpElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-device-help>` as a React component (see docs/components/air-device-help.md). */
export const AirDeviceHelp = /* @__PURE__ */ wrap('air-device-help', AirDeviceHelpElement);
