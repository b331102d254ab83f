import { define } from '../base/define.ts';
import { AirScriptPrompter } from '../components/script-prompter/script-prompter.component.ts';

define('air-script-prompter', AirScriptPrompter);

declare global {
  interface HTMLElementTagNameMap {
    'air-script-prompter': AirScriptPrompter;
  }
}
