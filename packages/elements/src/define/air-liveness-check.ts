import { define } from '../base/define.ts';
import { AirLivenessCheck } from '../components/liveness-check/liveness-check.component.ts';

define('air-liveness-check', AirLivenessCheck);

declare global {
  interface HTMLElementTagNameMap {
    'air-liveness-check': AirLivenessCheck;
  }
}
