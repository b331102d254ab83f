// `@aircounter/elements/jsx`: the JSX props of every `air-*` element, for a
// framework whose JSX namespace is augmented by hand (Preact, Solid, Stencil…).
// React and Vue have ready-made augmentations: `@aircounter/elements/jsx/react`
// and `@aircounter/elements/vue`.
import type { AirTagName } from './element-events.ts';
import type { AirElementOf, AirElementProps, AirEventAttributes } from './props.ts';

/** Attributes every element takes in JSX, whatever the framework. */
export interface AirJsxCommonAttributes {
  id?: string;
  class?: string;
  slot?: string;
  lang?: string;
  hidden?: boolean;
}

/** Props of `<T>` in JSX: its writable properties and its events as `on<event-name>` handlers. */
export type AirJsxProps<T extends AirTagName> = AirJsxCommonAttributes &
  AirElementProps<AirElementOf<T>> &
  AirEventAttributes<T>;

/** Every `air-*` tag and its JSX props: `interface IntrinsicElements extends AirIntrinsicElements {}`. */
export type AirIntrinsicElements = { [T in AirTagName]: AirJsxProps<T> };

export type { AirElementTable, AirEventsOf, AirTagName } from './element-events.ts';
export type { AirElementOf, AirElementProps, AirEventAttributes, AirEventHandlers, AirEventPropName } from './props.ts';
