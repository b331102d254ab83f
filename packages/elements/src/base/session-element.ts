import type { Client, Session } from '@aircounter/client';
import type { PropertyDeclarations } from 'lit';
import { AirElement } from './air-element.ts';
import type { SessionSource } from './session-binding.ts';

/**
 * Base class of the elements that work with a session (the call, the
 * recording status and consent, authorization requests): the properties
 * through which a page hands it over. Each element follows them with its own
 * `SessionBinding` (base/session-binding.ts).
 */
export class SessionElement extends AirElement implements SessionSource {
  static override properties: PropertyDeclarations = {
    session: { attribute: false },
    client: { attribute: false },
    sessionId: { attribute: 'session-id' },
    displayName: { attribute: 'display-name' },
  };

  /** A joined session. The element owns it: it leaves it when removed from the page. Or place the element inside `<air-session>`. */
  declare session: Session | undefined;
  /** A client to join `session-id` with (ignored when `session` is set). */
  declare client: Client | undefined;
  /** The session to join with `client`. */
  declare sessionId: string | undefined;
  /** The name others see when the join token carries none. */
  declare displayName: string | undefined;

  constructor() {
    super();
    this.session = undefined;
    this.client = undefined;
    this.sessionId = undefined;
    this.displayName = undefined;
  }
}
