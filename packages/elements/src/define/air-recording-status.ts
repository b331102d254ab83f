import { define } from '../base/define.ts';
import { AirRecordingStatus } from '../components/recording-status/recording-status.component.ts';

define('air-recording-status', AirRecordingStatus);

declare global {
  interface HTMLElementTagNameMap {
    'air-recording-status': AirRecordingStatus;
  }
}
