import type { AuthorizationRule } from '@aircounter/protocol';

export interface OperationToAuthorize {
  readonly operationType: string;
  readonly currency: string;
  /** Minor units. */
  readonly amount: number;
}

/**
 * The rule that governs an operation: among the rules of its type and
 * currency whose band holds the amount (`minAmount <= amount < maxAmount`),
 * the strictest — highest level, then most approvals, then shortest SLA — so
 * overlapping bands written by mistake can only make control tighter, never
 * looser. Undefined when no rule covers it (the request is refused).
 */
export function matchRule(
  rules: readonly AuthorizationRule[],
  operation: OperationToAuthorize,
): AuthorizationRule | undefined {
  let best: AuthorizationRule | undefined;
  for (const rule of rules) {
    if (rule.operationType !== operation.operationType || rule.currency !== operation.currency) continue;
    if (operation.amount < rule.minAmount) continue;
    if (rule.maxAmount !== undefined && operation.amount >= rule.maxAmount) continue;
    if (best === undefined || stricter(rule, best)) best = rule;
  }
  return best;
}

function stricter(a: AuthorizationRule, b: AuthorizationRule): boolean {
  if (a.level !== b.level) return a.level > b.level;
  if (a.approvals !== b.approvals) return a.approvals > b.approvals;
  return a.slaSeconds < b.slaSeconds;
}
