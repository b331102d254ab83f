import type { ErrorCode, NotificationData, NotificationName } from '@aircounter/protocol';

/**
 * A peer's line to its client, implemented by the signaling connection.
 * Media code pushes through it without knowing about WebSockets.
 */
export interface PeerLink {
  /** Whether the client can still be reached. */
  readonly open: boolean;
  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void;
  /**
   * With a `code`: sends `sessionEnded {reason, code}` and closes the connection with the code's close code.
   * Without one the session goes on (the server is shutting down): no `sessionEnded`, close 1001 (going away),
   * so that the client reconnects to the restarted server.
   */
  end(reason: string, code?: ErrorCode): void;
}
