import type { AuthorizationView } from '@aircounter/protocol';
import type { AuthorizationRecord } from '../store/authorization-requests-repository.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A stored request as the agent, the desk and the bank's back end see it. */
export function toAuthorizationView(record: AuthorizationRecord): AuthorizationView {
  return {
    requestId: record.id,
    sessionId: record.sessionId,
    requestedBy: record.requestedBy,
    operationType: record.operationType,
    amount: record.amount,
    currency: record.currency,
    reason: record.reason,
    note: record.note,
    attachments: record.attachments.map((attachment) => ({ ...attachment })),
    status: record.status,
    level: record.level,
    approvals: record.approvals,
    rulesVersion: record.rulesVersion,
    createdAt: iso(record.createdAt),
    deadlineAt: iso(record.deadlineAt),
    closedAt: record.closedAt === null ? null : iso(record.closedAt),
    votes: record.votes.map((vote) => ({
      authorizerId: vote.authorizerId,
      displayName: vote.displayName,
      level: vote.level,
      decision: vote.decision,
      reasonCode: vote.reasonCode,
      comment: vote.comment,
      decidedAt: iso(vote.decidedAt),
      decisionSha256: vote.decisionSha256,
    })),
  };
}
