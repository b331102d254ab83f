// `@aircounter/elements/vue`: the `air-*` tags in Vue templates, checked by
// vue-tsc / Volar (`import type {} from '@aircounter/elements/vue'` once).
// Vue sets a custom element's properties (`:client="client"`) and listens to
// its events (`@air-session-ended`, typed here as `onAirSessionEnded`). Tell
// Vue's compiler the tags are custom elements:
// `compilerOptions.isCustomElement: (tag) => tag.startsWith('air-')`.
import type { DefineComponent } from 'vue';
import type { AirTagName } from './element-events.ts';
import type { AirElementOf, AirElementProps, AirEventHandlers } from './props.ts';

/** Every `air-*` tag as a Vue component type: its properties and its events. */
export type AirVueComponents = {
  [T in AirTagName]: DefineComponent<AirElementProps<AirElementOf<T>> & AirEventHandlers<T>>;
};

declare module 'vue' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an augmentation adds the tags by extending.
  interface GlobalComponents extends AirVueComponents {}
}
