import { define } from '../base/define.ts';
import { AirSignatureWitness } from '../components/signature-witness/signature-witness.component.ts';

define('air-signature-witness', AirSignatureWitness);

declare global {
  interface HTMLElementTagNameMap {
    'air-signature-witness': AirSignatureWitness;
  }
}
