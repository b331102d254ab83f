import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A phone held upright (narrow) or on its side (short): where the camera
 * view, the instruction and the cancel button would not all fit beside the
 * page's own content.
 */
export const SMALL_SCREEN_QUERY = '(max-width: 599px), (max-height: 499px)';

/** Whether the viewport is a small screen, re-rendering the host when that changes (rotation, resizing). */
export class SmallScreenController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #query: MediaQueryList | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  get matches(): boolean {
    return this.#query?.matches ?? false;
  }

  hostConnected(): void {
    this.#query = window.matchMedia(SMALL_SCREEN_QUERY);
    this.#query.addEventListener('change', this.#changed);
  }

  hostDisconnected(): void {
    this.#query?.removeEventListener('change', this.#changed);
    this.#query = undefined;
  }

  readonly #changed = (): void => this.#host.requestUpdate();
}
