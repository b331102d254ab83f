// One React component for one `air-*` element, made by @lit/react: React
// props are set as element properties (objects such as `client` included),
// and `on…` props listen to the element's events with their `detail` types.
import { createComponent, type EventName, type ReactWebComponent } from '@lit/react';
import type { AirElementOf, AirEventPropName, AirEventsOf, AirTagName } from '@aircounter/elements/jsx';
import * as React from 'react';
import { EVENT_PROPS } from './event-props.ts';

/** `onAirSessionEnded` → `EventName<AirSessionEndedEvent>`: what types the callback's event. */
export type AirReactEvents<T extends AirTagName> = {
  [E in AirEventsOf<T> as AirEventPropName<E>]: EventName<GlobalEventHandlersEventMap[E]>;
};

/** The React component of the tag `T`: the element's properties as props, its events as `on…` callbacks. */
export type AirReactComponent<T extends AirTagName> = ReactWebComponent<AirElementOf<T>, AirReactEvents<T>>;

/** `air-video-session` → `AirVideoSession` (React DevTools). */
function displayName(tag: string): string {
  return tag.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}

/**
 * The caller imports the element's `define/` module first: the tag must be
 * registered before React creates the element, or properties set on the
 * not-yet-upgraded element would hide the class's own.
 */
export function wrap<T extends AirTagName>(tagName: T, elementClass: new () => AirElementOf<T>): AirReactComponent<T> {
  return createComponent({
    react: React,
    tagName,
    elementClass,
    // The names are the element's own; EventName only carries the event type for the callback.
    events: EVENT_PROPS[tagName] as unknown as AirReactEvents<T>,
    displayName: displayName(tagName),
  });
}
