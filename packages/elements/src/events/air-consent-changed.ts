import type { ConsentDeclineOutcome, ConsentState } from '@aircounter/client';

/** The customer accepted, declined or withdrew consent to the recording (the server confirmed it). */
export interface AirConsentChangedDetail {
  readonly consent: ConsentState;
  /** What follows a decline or a withdrawal in this deployment (when the server says). */
  readonly onDecline: ConsentDeclineOutcome | undefined;
}

export type AirConsentChangedEvent = CustomEvent<AirConsentChangedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-consent-changed': AirConsentChangedEvent;
  }
}
