import '@aircounter/elements/define/air-script-prompter.js';
import { AirScriptPrompter as AirScriptPrompterElement } from '@aircounter/elements';
import { wrap } from '../wrap.ts';

/** `<air-script-prompter>` as a React component (see docs/components/air-script-prompter.md). */
export const AirScriptPrompter = /* @__PURE__ */ wrap('air-script-prompter', AirScriptPrompterElement);
