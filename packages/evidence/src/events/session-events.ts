import { MediaKind, MediaSourceSchema, RoleSchema } from '@aircounter/protocol';
import * as v from 'valibot';
import { Text } from './common.ts';

// The session's own facts, written by the evidence service as the session
// and its room report them (server/src/evidence/session-bridge.ts).

export const SessionOpened = v.object({
  sessionId: Text,
  /** The bank's agent id, when the bank gave one at creation. */
  agentId: v.optional(Text),
  /** The bank's own reference (case or application number), when given. */
  reference: v.optional(Text),
});

export const SessionEnded = v.object({
  /** `ended` (by the bank), `idle-timeout`, `worker-died`, `server-shutdown`. */
  reason: Text,
});

export const PeerJoined = v.object({ peerId: Text, role: RoleSchema, displayName: v.string() });

/** Another connection now speaks for a participant's seat (a reconnection by the same identity). */
export const PeerReconnected = v.object({
  peerId: Text,
  role: RoleSchema,
  /** The `jti` of the token the new connection presented. */
  tokenId: Text,
});

export const PeerLeft = v.object({
  peerId: Text,
  /** `left`, `disconnected`, `kicked`, `session-ended`. */
  reason: Text,
});

export const ProducerAdded = v.object({
  peerId: Text,
  role: RoleSchema,
  producerId: Text,
  kind: MediaKind,
  source: MediaSourceSchema,
});

export const ProducerClosed = v.object({ peerId: Text, producerId: Text });

export const RoomClosed = v.object({
  reason: Text,
  /** The error code that ended the room, when it ended abnormally. */
  code: v.optional(Text),
});
