import { define } from '../base/define.ts';
import { AirCaptions } from '../components/captions/captions.component.ts';

define('air-captions', AirCaptions);

declare global {
  interface HTMLElementTagNameMap {
    'air-captions': AirCaptions;
  }
}
