import { define } from '../base/define.ts';
import { AirDeviceHelp } from '../components/device-help/device-help.component.ts';

define('air-device-help', AirDeviceHelp);

declare global {
  interface HTMLElementTagNameMap {
    'air-device-help': AirDeviceHelp;
  }
}
