import { define } from '../base/define.ts';
import { AirSession } from '../components/session/session.component.ts';

define('air-session', AirSession);

declare global {
  interface HTMLElementTagNameMap {
    'air-session': AirSession;
  }
}
