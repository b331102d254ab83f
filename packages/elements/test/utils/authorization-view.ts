import type { AuthorizationView } from '@aircounter/client';
import { authorizationView as protocolView } from '../../../protocol/src/test-fixtures/authorization.ts';

/** A pending authorization request as the server reports it: ¥80,000 cash, level 2, two approvals, 2:05 left. */
export function authorizationView(overrides: Partial<AuthorizationView> = {}): AuthorizationView {
  return protocolView({
    approvals: 2,
    createdAt: new Date().toISOString(),
    deadlineAt: new Date(Date.now() + 125_000).toISOString(),
    ...overrides,
  });
}
