import * as v from 'valibot';
import { FreeText, Id } from './common.ts';

// Remote authorization (dual control): the bank's rules, an agent's request
// inside a session, an authorizer's decision. docs/authorization.md.

/** Authorizer levels: 1 is the lowest; a rule names the least level that may decide. */
export const MIN_AUTHORIZER_LEVEL = 1;
export const MAX_AUTHORIZER_LEVEL = 9;
/** Most approvals one rule may require (k of k-of-n). */
export const MAX_APPROVALS = 5;
/** Most attachments one request may carry. */
export const MAX_AUTHORIZATION_ATTACHMENTS = 10;
/** Most rules in one rule set. */
export const MAX_AUTHORIZATION_RULES = 200;

export const AuthorizerLevel = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(MIN_AUTHORIZER_LEVEL),
  v.maxValue(MAX_AUTHORIZER_LEVEL),
);
/** An amount in the currency's minor unit (fen, cents): a whole number, so no rounding ever decides a band. */
export const MinorAmount = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** ISO 4217 code. */
export const Currency = v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code (CNY, HKD, USD)'));
export const OperationType = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[a-z0-9][a-z0-9.-]*$/, 'operation types use lower-case letters, digits, . and -'),
);
export const Sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex'));
export const ReasonCode = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[A-Za-z0-9_.-]+$/, 'reason codes use letters, digits, _ . and -'),
);

/**
 * One band of one operation type: requests of `operationType` in `currency`
 * with `minAmount <= amount < maxAmount` need `approvals` distinct
 * authorizers of level `level` or above, within `slaSeconds`; when the SLA
 * runs out the request moves to `escalationLevel` (none: it expires).
 */
export const AuthorizationRule = v.pipe(
  v.strictObject({
    operationType: OperationType,
    currency: Currency,
    minAmount: MinorAmount,
    /** Exclusive; absent: no upper bound. */
    maxAmount: v.optional(MinorAmount),
    level: AuthorizerLevel,
    approvals: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_APPROVALS)),
    slaSeconds: v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(7 * 24 * 3600)),
    escalationLevel: v.optional(AuthorizerLevel),
  }),
  v.check((rule) => rule.maxAmount === undefined || rule.maxAmount > rule.minAmount, 'maxAmount must exceed minAmount'),
  v.check(
    (rule) => rule.escalationLevel === undefined || rule.escalationLevel > rule.level,
    'escalationLevel must be above level',
  ),
);
export type AuthorizationRule = v.InferOutput<typeof AuthorizationRule>;

export const AuthorizationRoutingStrategy = v.picklist(['random', 'least-loaded']);
export type AuthorizationRoutingStrategy = v.InferOutput<typeof AuthorizationRoutingStrategy>;

/** What the bank sends to replace the rules (each replacement is a new version). */
export const AuthorizationRuleSetInput = v.strictObject({
  routing: v.optional(AuthorizationRoutingStrategy, 'least-loaded'),
  rules: v.pipe(v.array(AuthorizationRule), v.minLength(1), v.maxLength(MAX_AUTHORIZATION_RULES)),
});
export type AuthorizationRuleSetInput = v.InferOutput<typeof AuthorizationRuleSetInput>;

export const AUTHORIZATION_STATUSES = ['pending', 'approved', 'declined', 'expired', 'cancelled'] as const;
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];
export const AUTHORIZATION_DECISIONS = ['approve', 'decline'] as const;
export type AuthorizationDecisionKind = (typeof AUTHORIZATION_DECISIONS)[number];

export const TakeStillRequest = v.strictObject({ peerId: Id });
export const TakeStillResponse = v.object({
  peerId: Id,
  sha256: Sha256Hex,
  width: v.number(),
  height: v.number(),
});

export const RequestAuthorizationRequest = v.strictObject({
  operationType: OperationType,
  amount: MinorAmount,
  currency: Currency,
  reason: FreeText(500, { minLength: 1 }),
  note: v.optional(FreeText(2000), ''),
  /** Artifacts of this session (stills, the ID photo, a liveness decision…) by SHA-256. */
  attachments: v.optional(v.pipe(v.array(Sha256Hex), v.maxLength(MAX_AUTHORIZATION_ATTACHMENTS)), []),
});

export const CancelAuthorizationRequest = v.strictObject({ requestId: Id });

export const AuthorizationAttachment = v.object({ kind: v.string(), sha256: Sha256Hex, mediaType: v.string() });

export const AuthorizationVote = v.object({
  authorizerId: Id,
  displayName: v.string(),
  level: v.number(),
  decision: v.picklist(AUTHORIZATION_DECISIONS),
  reasonCode: v.string(),
  comment: v.string(),
  decidedAt: v.string(),
  /** The signed decision in the session's evidence (`authorization-decision` artifact). */
  decisionSha256: Sha256Hex,
});

/** A request as the agent and the desk see it. Times are ISO 8601. */
export const AuthorizationView = v.object({
  requestId: Id,
  sessionId: Id,
  requestedBy: Id,
  operationType: v.string(),
  amount: v.number(),
  currency: v.string(),
  reason: v.string(),
  note: v.string(),
  attachments: v.array(AuthorizationAttachment),
  status: v.picklist(AUTHORIZATION_STATUSES),
  level: v.number(),
  approvals: v.number(),
  rulesVersion: v.number(),
  createdAt: v.string(),
  deadlineAt: v.string(),
  closedAt: v.nullable(v.string()),
  votes: v.array(AuthorizationVote),
});
export type AuthorizationView = v.InferOutput<typeof AuthorizationView>;

/** An authorizer's vote, sent by the desk. */
export const AuthorizationDecisionInput = v.strictObject({
  decision: v.picklist(AUTHORIZATION_DECISIONS),
  reasonCode: ReasonCode,
  comment: v.optional(FreeText(1000), ''),
});
export type AuthorizationDecisionInput = v.InferOutput<typeof AuthorizationDecisionInput>;
