import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { unwatchRootAttribute, watchRootAttribute } from './root-attribute.ts';

/**
 * The page-wide elderly mode (长辈版): `data-air-elderly` on the document's
 * root element turns on `elderly` in every `air-*` element of the page —
 * larger text, larger targets, slower speech — so a page has one switch
 * instead of one attribute per component. An element whose own `elderly` was
 * set by the page's markup keeps it when the switch goes off.
 */
export const ELDERLY_ATTRIBUTE = 'data-air-elderly';

/** Turns the page-wide elderly mode on or off (what a page's 长辈版 switch calls). */
export function setElderlyMode(on: boolean, root: HTMLElement = document.documentElement): void {
  root.toggleAttribute(ELDERLY_ATTRIBUTE, on);
}

/** Whether the page-wide elderly mode is on. */
export function elderlyModeOn(root: HTMLElement = document.documentElement): boolean {
  const value = root.getAttribute(ELDERLY_ATTRIBUTE);
  return value !== null && value !== 'false' && value !== 'off';
}

type ElderlyHost = ReactiveControllerHost & HTMLElement & { elderly: boolean };

const hasElderly = (host: ReactiveControllerHost & HTMLElement): host is ElderlyHost =>
  typeof (host as Partial<ElderlyHost>).elderly === 'boolean';

/** Makes an element with an `elderly` property follow the page-wide switch. */
export class ElderlyController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  /** `elderly` was turned on by the page-wide switch (not by the element's own markup). */
  #setByPage = false;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    if (!hasElderly(this.#host)) return;
    watchRootAttribute(ELDERLY_ATTRIBUTE, this);
    this.follow();
  }

  hostDisconnected(): void {
    unwatchRootAttribute(ELDERLY_ATTRIBUTE, this);
  }

  /** Applies the page's switch to the host. */
  follow(): void {
    const host = this.#host;
    if (!hasElderly(host)) return;
    const on = elderlyModeOn();
    if (on && !host.elderly) {
      host.elderly = true;
      this.#setByPage = true;
    } else if (!on && this.#setByPage) {
      host.elderly = false;
      this.#setByPage = false;
    }
  }
}
