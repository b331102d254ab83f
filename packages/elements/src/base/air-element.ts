import { LitElement } from 'lit';
import { ElderlyController } from './elderly.ts';
import { LocalizeController } from './localize.ts';
import { ThemeController } from './theme.ts';
import { VERSION } from './version.ts';

/** Names of the events declared by this package (see `events/`). */
export type AirEventName = Extract<keyof GlobalEventHandlersEventMap, `air-${string}`>;
/** The `detail` type of the event `K`. */
export type AirEventDetail<K extends AirEventName> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Base class of every `air-*` element: localization, the page-wide elderly mode and colour scheme, typed events. */
export class AirElement extends LitElement {
  /** Package version, compared by `define()` when the tag is already taken. */
  static readonly version: string = VERSION;

  protected readonly localize = new LocalizeController(this);
  /** Elements with an `elderly` property follow the page's `data-air-elderly` switch (base/elderly.ts). */
  protected readonly elderlyMode = new ElderlyController(this);
  /** Every element follows the page's `data-air-theme` switch (base/theme.ts). */
  protected readonly theme = new ThemeController(this);

  /**
   * Dispatches a bubbling, composed `CustomEvent` with a typed `detail` and
   * returns it, so that a cancelable `air-request-*` can be checked for
   * `defaultPrevented`.
   */
  emit<K extends AirEventName>(
    name: K,
    detail: AirEventDetail<K>,
    options: { cancelable?: boolean } = {},
  ): GlobalEventHandlersEventMap[K] {
    const event = new CustomEvent(name, {
      bubbles: true,
      composed: true,
      cancelable: options.cancelable ?? false,
      detail,
    });
    this.dispatchEvent(event);
    return event as GlobalEventHandlersEventMap[K];
  }
}
