import type { Session, SessionState } from '@aircounter/client';
import { createContext } from '@lit/context';

/** What an element shows about its session: the client's states plus `idle` (nothing to join yet). */
export type SessionViewState = SessionState | 'idle';

/** What `<air-session>` hands to the elements inside it. */
export interface SessionContextValue {
  readonly session: Session | undefined;
  readonly state: SessionViewState;
  readonly error: { readonly code: string; readonly message: string } | undefined;
}

/**
 * The context key. A string rather than a symbol so that two copies of this
 * package on one page (see `define()`) still find each other's provider.
 */
export const sessionContext = createContext<SessionContextValue | undefined>('aircounter.session.v1');
