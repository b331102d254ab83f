// `@aircounter/elements/jsx/react`: the `air-*` tags in React 19's JSX
// (`import type {} from '@aircounter/elements/jsx/react'` once in the app).
// React 19 sets a custom element's properties when the element has them and
// listens to `on<event-name>` props, so objects (`client`) and events work in JSX.
// With React, the wrappers of @aircounter/react are the friendlier choice.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { AirTagName } from './element-events.ts';
import type { AirElementOf, AirElementProps, AirEventAttributes } from './props.ts';

type ReactProps<T extends AirTagName> = Omit<
  DetailedHTMLProps<HTMLAttributes<AirElementOf<T>>, AirElementOf<T>>,
  keyof AirElementProps<AirElementOf<T>>
> &
  AirElementProps<AirElementOf<T>> &
  AirEventAttributes<T> & { class?: string };

/** Every `air-*` tag with React's HTML attributes, the element's properties and its events. */
export type AirReactIntrinsicElements = { [T in AirTagName]: ReactProps<T> };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types live in this namespace.
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an augmentation adds the tags by extending.
    interface IntrinsicElements extends AirReactIntrinsicElements {}
  }
}
