import { define } from '../base/define.ts';
import { AirSignaturePad } from '../components/signature-pad/signature-pad.component.ts';

define('air-signature-pad', AirSignaturePad);

declare global {
  interface HTMLElementTagNameMap {
    'air-signature-pad': AirSignaturePad;
  }
}
