import { define } from '../base/define.ts';
import { AirRecordingConsent } from '../components/recording-consent/recording-consent.component.ts';

define('air-recording-consent', AirRecordingConsent);

declare global {
  interface HTMLElementTagNameMap {
    'air-recording-consent': AirRecordingConsent;
  }
}
