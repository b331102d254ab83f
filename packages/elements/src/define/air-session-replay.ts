import { define } from '../base/define.ts';
import { AirSessionReplay } from '../components/session-replay/session-replay.component.ts';

define('air-session-replay', AirSessionReplay);

declare global {
  interface HTMLElementTagNameMap {
    'air-session-replay': AirSessionReplay;
  }
}
