import type { AuthorizationView } from '@aircounter/client';

/** A pending authorization request as the server reports it: ¥80,000 cash, level 2, two approvals, 2:05 left. */
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
    approvals: 2,
    rulesVersion: 1,
    createdAt: new Date().toISOString(),
    deadlineAt: new Date(Date.now() + 125_000).toISOString(),
    closedAt: null,
    votes: [],
    ...overrides,
  };
}
