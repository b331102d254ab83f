import { define } from '../base/define.ts';
import { AirAuthorizationRequest } from '../components/authorization-request/authorization-request.component.ts';

define('air-authorization-request', AirAuthorizationRequest);

declare global {
  interface HTMLElementTagNameMap {
    'air-authorization-request': AirAuthorizationRequest;
  }
}
