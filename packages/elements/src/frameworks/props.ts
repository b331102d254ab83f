// Property and event-handler types of one element, shared by the JSX, Vue and
// React typings. Only what a framework may set: the element's own writable
// data properties (not methods, not getters, not what LitElement adds).
import type { AirElement } from '../base/air-element.ts';
import type { AirElementTable, AirEventsOf, AirTagName } from './element-events.ts';

/** The element class of the tag `T`. */
export type AirElementOf<T extends AirTagName> = AirElementTable[T]['element'];

type IfWritable<E, K extends keyof E, Yes, No> =
  (<V>() => V extends { [Q in K]: E[K] } ? 1 : 2) extends <V>() => V extends { -readonly [Q in K]: E[K] } ? 1 : 2
    ? Yes
    : No;

/** The settable data properties of the element `E`, all optional. */
export type AirElementProps<E> = {
  [
    K in keyof E as K extends keyof AirElement
      ? never
      : E[K] extends (...args: never[]) => unknown
        ? never
        : IfWritable<E, K, K, never>
  ]?: E[K];
};

type Pascal<S extends string> = S extends `${infer Head}-${infer Rest}`
  ? `${Capitalize<Head>}${Pascal<Rest>}`
  : Capitalize<S>;

/** `air-session-ended` → `onAirSessionEnded`: the handler prop of the React wrappers and of Vue's `@air-session-ended`. */
export type AirEventPropName<E extends string> = `on${Pascal<E>}`;

/** Camel-case handler props (`onAirSessionEnded`) typed with each event's `detail`. */
export type AirEventHandlers<T extends AirTagName> = {
  [E in AirEventsOf<T> as AirEventPropName<E>]?: (event: GlobalEventHandlersEventMap[E]) => void;
};

/** Lower-case handler attributes (`onair-session-ended`): how React 19 and Preact listen to a custom element's events. */
export type AirEventAttributes<T extends AirTagName> = {
  [E in AirEventsOf<T> as `on${E}`]?: (event: GlobalEventHandlersEventMap[E]) => void;
};
