import * as v from 'valibot';
import { Count, Ms, Sha256, Text } from './common.ts';

// Remote authorization (dual control), written by the authorization service
// (server/src/authorization). Every decision is also an `authorization-decision`
// artifact: the JSON the server signed, referred to here by its SHA-256.

export const AuthorizationRequested = v.object({
  requestId: Text,
  /** The agent's identity (the `sub` of its join token). */
  requestedBy: Text,
  operationType: Text,
  /** Minor units of `currency`. */
  amount: Count,
  currency: Text,
  reason: Text,
  note: Text,
  /** Artifacts of the session the authorizer sees, by SHA-256. */
  attachments: v.array(Sha256),
  rulesVersion: Count,
  level: Count,
  approvals: Count,
  slaSeconds: Count,
  escalationLevel: v.nullable(Count),
  /** Server wall-clock ms by which the request must be decided. */
  deadlineAt: Ms,
});

/** The SLA ran out: the request moved to a higher level with a new deadline. */
export const AuthorizationEscalated = v.object({
  requestId: Text,
  fromLevel: Count,
  toLevel: Count,
  deadlineAt: Ms,
});

/** One authorizer's signed vote. */
export const AuthorizationDecided = v.object({
  requestId: Text,
  authorizerId: Text,
  level: Count,
  decision: v.picklist(['approve', 'decline']),
  reasonCode: Text,
  /** The `authorization-decision` artifact: the signed decision document. */
  decisionSha256: Sha256,
});

/** The request reached its final state. */
export const AuthorizationClosed = v.object({
  requestId: Text,
  status: v.picklist(['approved', 'declined', 'expired', 'cancelled']),
});
