import type { AuthorizationRule } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { pickAuthorizers, type RoutingCandidate } from '../src/authorization/routing.ts';
import { matchRule } from '../src/authorization/rules.ts';

// The pure parts of remote authorization: which rule governs an operation,
// and whom a request is offered to.

const base = { currency: 'CNY', approvals: 1, slaSeconds: 300 } as const;
const RULES: AuthorizationRule[] = [
  { ...base, operationType: 'cash-withdrawal', minAmount: 0, maxAmount: 5_000_000, level: 1 },
  { ...base, operationType: 'cash-withdrawal', minAmount: 5_000_000, maxAmount: 50_000_000, level: 2, approvals: 2 },
  { ...base, operationType: 'cash-withdrawal', minAmount: 50_000_000, level: 3, approvals: 2, escalationLevel: 4 },
  { ...base, operationType: 'cash-withdrawal', currency: 'HKD', minAmount: 0, level: 2 },
  // Overlaps the first band by mistake: the stricter rule must win.
  { ...base, operationType: 'cash-withdrawal', minAmount: 1_000_000, maxAmount: 2_000_000, level: 2, slaSeconds: 60 },
  { ...base, operationType: 'account-change', minAmount: 0, level: 1, slaSeconds: 120 },
  { ...base, operationType: 'account-change', minAmount: 0, level: 1, slaSeconds: 60 },
];

describe('matchRule', () => {
  it.each([
    ['the lowest band, from 0', 'cash-withdrawal', 'CNY', 0, { level: 1, approvals: 1 }],
    ['just under a band edge', 'cash-withdrawal', 'CNY', 4_999_999, { level: 1, approvals: 1 }],
    ['exactly on a band edge (bands are [min, max))', 'cash-withdrawal', 'CNY', 5_000_000, { level: 2, approvals: 2 }],
    ['the open-ended top band', 'cash-withdrawal', 'CNY', 9_000_000_000, { level: 3, escalationLevel: 4 }],
    ['another currency, its own rule', 'cash-withdrawal', 'HKD', 10, { level: 2, currency: 'HKD' }],
    ['an overlap: the higher level wins', 'cash-withdrawal', 'CNY', 1_500_000, { level: 2, slaSeconds: 60 }],
    ['a tie on level and approvals: the shorter SLA wins', 'account-change', 'CNY', 1, { slaSeconds: 60 }],
  ])('%s', (_name, operationType, currency, amount, expected) => {
    expect(matchRule(RULES, { operationType, currency, amount })).toMatchObject(expected);
  });

  it.each([
    ['an unknown operation type', 'loan', 'CNY', 100],
    ['a currency without rules', 'cash-withdrawal', 'USD', 100],
  ])('covers nothing for %s', (_name, operationType, currency, amount) => {
    expect(matchRule(RULES, { operationType, currency, amount })).toBeUndefined();
  });
});

/** A fixed sequence for the shuffle, so every table row is reproducible. */
function sequence(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
}

const PEOPLE: RoutingCandidate[] = [
  { authorizerId: 'agent-1', level: 5, pending: 0 },
  { authorizerId: 'low', level: 1, pending: 0 },
  { authorizerId: 'busy', level: 2, pending: 7 },
  { authorizerId: 'idle', level: 2, pending: 0 },
  { authorizerId: 'senior', level: 3, pending: 2 },
];

describe('pickAuthorizers', () => {
  it.each([
    ['least-loaded takes the idlest eligible first', 1, 'least-loaded', [], ['idle']],
    ['least-loaded, two approvals', 2, 'least-loaded', [], ['idle', 'senior']],
    ['never the requester, whatever their level', 5, 'least-loaded', [], ['idle', 'senior', 'busy']],
    ['never someone already offered or who voted', 3, 'least-loaded', ['idle'], ['senior', 'busy']],
    ['nobody left', 1, 'least-loaded', ['idle', 'senior', 'busy'], []],
  ] as const)('%s', (_name, count, strategy, alsoExcluded, expected) => {
    const picked = pickAuthorizers({
      candidates: PEOPLE,
      level: 2,
      count,
      exclude: new Set(['agent-1', ...alsoExcluded]),
      strategy,
      random: sequence(0.3, 0.7, 0.1),
    });
    expect(picked).toEqual(expected);
  });

  it('random picks only eligible people, each once, and depends on the random source', () => {
    const pick = (random: () => number): string[] =>
      pickAuthorizers({
        candidates: PEOPLE,
        level: 2,
        count: 3,
        exclude: new Set(['agent-1']),
        strategy: 'random',
        random,
      });
    const first = pick(sequence(0));
    const second = pick(sequence(0.99));
    for (const picked of [first, second]) {
      expect([...picked].sort()).toEqual(['busy', 'idle', 'senior']);
    }
    expect(first).not.toEqual(second);
  });

  it('never offers a request to anyone below its level', () => {
    const picked = pickAuthorizers({
      candidates: PEOPLE,
      level: 3,
      count: 5,
      exclude: new Set(),
      strategy: 'random',
      random: Math.random,
    });
    expect([...picked].sort()).toEqual(['agent-1', 'senior']);
  });
});
