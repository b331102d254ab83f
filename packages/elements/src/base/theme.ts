import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { unwatchRootAttribute, watchRootAttribute } from './root-attribute.ts';

/**
 * The page-wide colour scheme: `data-air-theme="dark"` or `"light"` on the
 * document's root element forces that scheme on every `air-*` element of the
 * page; without it (or with `"auto"`) each element follows the person's
 * `prefers-color-scheme`. The attribute is mirrored onto each element, where
 * its styles (base/color-tokens.ts) read it; an element whose own markup
 * says `data-air-theme` keeps its own scheme.
 */
export const THEME_ATTRIBUTE = 'data-air-theme';

/** A scheme a page can force; `auto` follows the person's setting. */
export type Theme = 'light' | 'dark' | 'auto';

/** Forces a scheme on every `air-*` element of the page, or (`auto`) lets them follow the person's setting. */
export function setTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'auto') root.removeAttribute(THEME_ATTRIBUTE);
  else root.setAttribute(THEME_ATTRIBUTE, theme);
}

/** The scheme the page forces, or `auto`. */
export function pageTheme(root: HTMLElement = document.documentElement): Theme {
  const value = root.getAttribute(THEME_ATTRIBUTE);
  return value === 'light' || value === 'dark' ? value : 'auto';
}

/** Makes an element follow the page-wide scheme switch. */
export class ThemeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  /** The value this controller last wrote on the host (not the page's markup). */
  #mirrored: string | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    watchRootAttribute(THEME_ATTRIBUTE, this);
    this.follow();
  }

  hostDisconnected(): void {
    unwatchRootAttribute(THEME_ATTRIBUTE, this);
  }

  /** Applies the page's switch to the host. */
  follow(): void {
    const host = this.#host;
    const own = host.getAttribute(THEME_ATTRIBUTE);
    // Set by the element's own markup (or changed since): the element keeps it.
    if (own !== null && own !== this.#mirrored) return;
    const theme = pageTheme();
    if (theme === 'auto') {
      if (own !== null) host.removeAttribute(THEME_ATTRIBUTE);
      this.#mirrored = undefined;
    } else {
      host.setAttribute(THEME_ATTRIBUTE, theme);
      this.#mirrored = theme;
    }
  }
}
