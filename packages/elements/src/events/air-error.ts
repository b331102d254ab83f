import type { ErrorCode } from '@aircounter/protocol';

/** Something failed; `code` is one of the protocol's error codes. */
export interface AirErrorDetail {
  readonly code: ErrorCode;
  /** Whether the session can go on (a retry or a reconnection may succeed). */
  readonly recoverable: boolean;
  readonly message: string;
}

export type AirErrorEvent = CustomEvent<AirErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'air-error': AirErrorEvent;
  }
}
