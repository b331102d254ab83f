import { createHash } from 'node:crypto';
import {
  AUTHORIZATION_DECISION_FORMAT,
  encodeSignedDecision,
  type AuthorizationDecisionDocument,
} from '@aircounter/evidence';
import type { AuthorizationDecisionInput } from '@aircounter/protocol';
import type { DeskClaims } from '../auth/tokens.ts';
import type { SigningKeyRing } from '../evidence/signing-keys.ts';
import type { AuthorizationRecord } from '../store/authorization-requests-repository.ts';

export interface SignedDecisionBytes {
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

/**
 * Signs one authorizer's decision with the evidence key: over the request as
 * it stood, the hashes of every attachment, the authorizer's identity and
 * level, the decision and the server's time. The bytes become the
 * `authorization-decision` artifact; their SHA-256 goes into the vote row and
 * the `authorization.decided` event.
 */
export function signDecision(
  keys: Pick<SigningKeyRing, 'signCanonical'>,
  record: AuthorizationRecord,
  authorizer: Pick<DeskClaims, 'authorizerId' | 'displayName' | 'level'>,
  input: AuthorizationDecisionInput,
  decidedAt: number,
): SignedDecisionBytes {
  const decision: AuthorizationDecisionDocument = {
    format: AUTHORIZATION_DECISION_FORMAT,
    sessionId: record.sessionId,
    requestId: record.id,
    request: {
      operationType: record.operationType,
      amount: record.amount,
      currency: record.currency,
      reason: record.reason,
      note: record.note,
      requestedBy: record.requestedBy,
      rulesVersion: record.rulesVersion,
      level: record.level,
      approvals: record.approvals,
      createdAt: new Date(record.createdAt).toISOString(),
    },
    attachments: record.attachments.map(({ kind, sha256, mediaType }) => ({ kind, sha256, mediaType })),
    authorizer: { id: authorizer.authorizerId, displayName: authorizer.displayName, level: authorizer.level },
    decision: input.decision,
    reasonCode: input.reasonCode,
    comment: input.comment,
    decidedAt: new Date(decidedAt).toISOString(),
  };
  const bytes = encodeSignedDecision({ decision, signature: keys.signCanonical(decision) });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
