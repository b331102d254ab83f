import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LARGE_CASH_RULE } from '../test-fixtures/authorization.ts';
import { AuthorizationRuleSetInput } from './authorization.ts';

// The bank's rule sets: what is accepted, and each mistake refused.

const RULE = LARGE_CASH_RULE;

describe('AuthorizationRuleSetInput', () => {
  it('accepts a rule set and defaults the routing to least-loaded', () => {
    expect(v.parse(AuthorizationRuleSetInput, { rules: [RULE] })).toEqual({ routing: 'least-loaded', rules: [RULE] });
  });

  it.each([
    ['no rules', { rules: [] }],
    ['an unknown routing', { routing: 'round-robin', rules: [RULE] }],
    ['an upper bound not above the lower', { rules: [{ ...RULE, maxAmount: 5_000_000 }] }],
    ['an escalation not above the level', { rules: [{ ...RULE, escalationLevel: 2 }] }],
    ['level 0', { rules: [{ ...RULE, level: 0, escalationLevel: undefined }] }],
    ['level 10', { rules: [{ ...RULE, level: 10, escalationLevel: undefined }] }],
    ['six approvals', { rules: [{ ...RULE, approvals: 6 }] }],
    ['an SLA under 10 s', { rules: [{ ...RULE, slaSeconds: 5 }] }],
    ['a fractional amount', { rules: [{ ...RULE, minAmount: 0.5 }] }],
    ['a lower-case currency', { rules: [{ ...RULE, currency: 'cny' }] }],
    ['an operation type with spaces', { rules: [{ ...RULE, operationType: 'cash withdrawal' }] }],
    ['an unknown member', { rules: [{ ...RULE, approver: 'boss' }] }],
    ['201 rules', { rules: Array.from({ length: 201 }, () => RULE) }],
  ])('refuses %s', (_name, input) => {
    expect(v.safeParse(AuthorizationRuleSetInput, input).success).toBe(false);
  });
});
