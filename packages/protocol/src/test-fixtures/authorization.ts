import type { AuthorizationView } from '../schemas/authorization.ts';

// Authorization fixtures shared by the suites that speak the format: the
// protocol's own examples, the client, the elements and the server.

/**
 * A pending authorization request as the server reports it: ¥80,000 cash,
 * level 2, one approval, no attachment, five minutes from 2026-01-01 00:00 UTC.
 */
export function authorizationView(overrides: Partial<AuthorizationView> = {}): AuthorizationView {
  return {
    requestId: 'az-1',
    sessionId: 's-1',
    requestedBy: 'agent-1',
    operationType: 'cash-withdrawal',
    amount: 8_000_000,
    currency: 'CNY',
    reason: 'Large cash withdrawal',
    note: '',
    attachments: [],
    status: 'pending',
    level: 2,
    approvals: 1,
    rulesVersion: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    deadlineAt: '2026-01-01T00:05:00.000Z',
    closedAt: null,
    votes: [],
    ...overrides,
  };
}

/** The bank's rule for large cash withdrawals: from ¥50,000, level 2, two approvals, escalated to level 3. */
export const LARGE_CASH_RULE = {
  operationType: 'cash-withdrawal',
  currency: 'CNY',
  minAmount: 5_000_000,
  level: 2,
  approvals: 2,
  slaSeconds: 300,
  escalationLevel: 3,
};
