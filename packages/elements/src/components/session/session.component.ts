import type { Client, Session } from '@aircounter/client';
import { ContextProvider } from '@lit/context';
import { html, type TemplateResult } from 'lit';
import { SessionBinding } from '../../base/session-binding.ts';
import { SessionElement } from '../../base/session-element.ts';
import { sessionContext, type SessionContextValue } from '../../base/session-context.ts';
import { styles } from './session.styles.ts';

/**
 * Set `client` (from `createClient()` of `@aircounter/client`)
 * and `session-id`; every element inside (`<air-video-session>`, …) then uses
 * this one session. It owns the session: it leaves it, stopping the camera
 * and microphone, when removed from the page. It renders nothing of its own.
 *
 * @summary Joins a session and shares it with the `air-*` elements inside it.
 *
 * @slot - The elements that use the session.
 *
 * @event air-session-joined - Joined: `{ sessionId, peerId, role }`.
 * @event air-session-ended - The session is over: `{ reason, code? }`.
 * @event air-error - Joining failed or the session reported an error: `{ code, recoverable, message }`.
 */
export class AirSession extends SessionElement {
  static override styles = styles;

  // The session properties come from SessionElement; declared again for what they mean on this element.
  /** The client to join with. */
  declare client: Client | undefined;
  /** The session to join. */
  declare sessionId: string | undefined;
  /** The name others see when the join token carries none. */
  declare displayName: string | undefined;
  /** An already joined session to share instead of joining (this element then owns it). */
  declare session: Session | undefined;

  readonly #binding = new SessionBinding(this, { fromContext: false });
  readonly #provider = new ContextProvider(this, {
    context: sessionContext,
    initialValue: { session: undefined, state: 'idle', error: undefined },
  });

  protected override updated(): void {
    const current = this.#provider.value;
    const next: SessionContextValue = {
      session: this.#binding.session,
      state: this.#binding.state,
      error: this.#binding.error,
    };
    if (current?.session !== next.session || current?.state !== next.state || current?.error !== next.error) {
      this.#provider.setValue(next);
    }
  }

  protected override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}
