import { define } from '../base/define.ts';
import { AirVideoSession } from '../components/video-session/video-session.component.ts';

define('air-video-session', AirVideoSession);

declare global {
  interface HTMLElementTagNameMap {
    'air-video-session': AirVideoSession;
  }
}
