import { define } from '../base/define.ts';
import { AirAuthorizationDesk } from '../components/authorization-desk/authorization-desk.component.ts';

define('air-authorization-desk', AirAuthorizationDesk);

declare global {
  interface HTMLElementTagNameMap {
    'air-authorization-desk': AirAuthorizationDesk;
  }
}
