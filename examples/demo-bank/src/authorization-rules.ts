/**
 * The demo bank's remote authorization rules (远程授权, docs/authorization.md),
 * published by its back end at start-up. Amounts are in fen: ¥50,000 is
 * 5,000,000. A real bank keeps these in its own policy system.
 */
export interface DemoAuthorizationRule {
  readonly operationType: string;
  readonly currency: string;
  readonly minAmount: number;
  readonly maxAmount?: number;
  readonly level: number;
  readonly approvals: number;
  readonly slaSeconds: number;
  readonly escalationLevel?: number;
}

export interface DemoAuthorizationRuleSet {
  readonly routing: 'least-loaded' | 'random';
  readonly rules: readonly DemoAuthorizationRule[];
}

/** ¥50,000 in fen: from here on a withdrawal needs a level-2 authorizer. */
export const LARGE_WITHDRAWAL_FEN = 5_000_000;

export const DEMO_AUTHORIZATION_RULES: DemoAuthorizationRuleSet = {
  routing: 'least-loaded',
  rules: [
    {
      operationType: 'cash-withdrawal',
      currency: 'CNY',
      minAmount: 0,
      maxAmount: LARGE_WITHDRAWAL_FEN,
      level: 1,
      approvals: 1,
      slaSeconds: 300,
    },
    // Left undecided for 5 minutes, a large withdrawal goes up to level 3 (no demo account has that level).
    {
      operationType: 'cash-withdrawal',
      currency: 'CNY',
      minAmount: LARGE_WITHDRAWAL_FEN,
      level: 2,
      approvals: 1,
      slaSeconds: 300,
      escalationLevel: 3,
    },
  ],
};

/** One rule as a string with its fields in a fixed order, so key order and absent optionals never count as a change. */
function ruleKey(rule: DemoAuthorizationRule): string {
  return JSON.stringify([
    rule.operationType,
    rule.currency,
    rule.minAmount,
    rule.maxAmount ?? null,
    rule.level,
    rule.approvals,
    rule.slaSeconds,
    rule.escalationLevel ?? null,
  ]);
}

/**
 * Whether the published rules already say what `wanted` says. Publishing makes
 * a new version even for the same content, and every request records the
 * version it was routed by: a restart should not add versions that differ in
 * nothing. Rule order counts (it is what was published).
 */
export function sameRuleSet(published: DemoAuthorizationRuleSet, wanted: DemoAuthorizationRuleSet): boolean {
  return (
    published.routing === wanted.routing &&
    published.rules.length === wanted.rules.length &&
    published.rules.every((rule, index) => {
      const other = wanted.rules[index];
      return other !== undefined && ruleKey(rule) === ruleKey(other);
    })
  );
}

const RULE_FIELDS = [
  'operationType',
  'currency',
  'minAmount',
  'maxAmount',
  'level',
  'approvals',
  'slaSeconds',
  'escalationLevel',
] as const;

/**
 * The rule set in AirCounter's `GET /api/v1/authorization-rules` answer, or
 * undefined when it is not one (then the demo simply publishes its own).
 */
export function readPublishedRuleSet(body: unknown): DemoAuthorizationRuleSet | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { routing, rules } = body as Record<string, unknown>;
  if ((routing !== 'least-loaded' && routing !== 'random') || !Array.isArray(rules)) return undefined;
  const parsed: DemoAuthorizationRule[] = [];
  for (const item of rules as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const record = item as Record<string, unknown>;
    const { operationType, currency, minAmount, level, approvals, slaSeconds, maxAmount, escalationLevel } = record;
    if (typeof operationType !== 'string' || typeof currency !== 'string') return undefined;
    if (typeof minAmount !== 'number' || typeof level !== 'number') return undefined;
    if (typeof approvals !== 'number' || typeof slaSeconds !== 'number') return undefined;
    // A field this demo does not know (a newer server) is a difference: publish ours.
    if (Object.keys(record).some((key) => !(RULE_FIELDS as readonly string[]).includes(key))) return undefined;
    parsed.push({
      operationType,
      currency,
      minAmount,
      level,
      approvals,
      slaSeconds,
      ...(typeof maxAmount === 'number' ? { maxAmount } : {}),
      ...(typeof escalationLevel === 'number' ? { escalationLevel } : {}),
    });
  }
  return { routing, rules: parsed };
}
