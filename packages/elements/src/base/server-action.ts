import type { AirErrorDetail } from '../events/air-error.ts';
import type { AirElement } from './air-element.ts';
import { errorDetail } from './error-detail.ts';

/** What a {@link ServerAction} needs of its element. */
export type ServerActionHost = Pick<AirElement, 'emit' | 'requestUpdate'>;

/**
 * What a person asks of the server through an element's buttons or form, one
 * call at a time: while a call runs the element shows itself busy, and a
 * failure is kept (to be said in plain words) and announced as `air-error`.
 */
export class ServerAction {
  readonly #host: ServerActionHost;
  /** A call is running. */
  busy = false;
  /** The last failure, until the next call (or the element) clears it. */
  error: AirErrorDetail | undefined;

  constructor(host: ServerActionHost) {
    this.#host = host;
  }

  /** Runs `call` unless one is already running; resolves once it has settled. */
  async run(call: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = undefined;
    this.#host.requestUpdate();
    try {
      await call();
    } catch (error: unknown) {
      this.fail(error);
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }

  /** Keeps and announces a failure of a call made outside {@link run}. */
  fail(error: unknown): void {
    this.error = errorDetail(error);
    this.#host.emit('air-error', this.error);
    this.#host.requestUpdate();
  }
}
