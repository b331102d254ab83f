import * as v from 'valibot';
import { canonicalJson } from './canonical-json.ts';
import { fromBase64Url, fromUtf8, utf8 } from './encoding.ts';
import { indexKeys, verifyEd25519, type Ed25519PublicJwk } from './keys.ts';

/**
 * A remote authorization decision as the server signs it: what was asked
 * (the request and the SHA-256 of every attachment the authorizer saw), who
 * decided (identity and level), what and when. Stored in the package as an
 * `authorization-decision` artifact: the canonical JSON of
 * `{ decision, signature: { keyId, signature } }`, where the Ed25519
 * signature (the evidence signing key, base64url) covers the canonical JSON
 * of `decision`. The `authorization.decided` event names the artifact by hash.
 */
export const AUTHORIZATION_DECISION_FORMAT = 'aircounter.authorization-decision/1';

const Text = v.string();
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const AuthorizationDecisionDocument = v.strictObject({
  format: v.literal(AUTHORIZATION_DECISION_FORMAT),
  sessionId: Text,
  requestId: Text,
  request: v.strictObject({
    operationType: Text,
    amount: Count,
    currency: Text,
    reason: Text,
    note: Text,
    requestedBy: Text,
    rulesVersion: Count,
    level: Count,
    approvals: Count,
    createdAt: Text,
  }),
  attachments: v.array(v.strictObject({ kind: Text, sha256: Text, mediaType: Text })),
  authorizer: v.strictObject({ id: Text, displayName: Text, level: Count }),
  decision: v.picklist(['approve', 'decline']),
  reasonCode: Text,
  comment: Text,
  /** ISO 8601, the server's clock. */
  decidedAt: Text,
});
export type AuthorizationDecisionDocument = v.InferOutput<typeof AuthorizationDecisionDocument>;

export const SignedAuthorizationDecision = v.strictObject({
  decision: AuthorizationDecisionDocument,
  signature: v.strictObject({ keyId: Text, signature: Text }),
});
export type SignedAuthorizationDecision = v.InferOutput<typeof SignedAuthorizationDecision>;

/** The artifact's bytes: the canonical JSON of the signed decision. */
export function encodeSignedDecision(signed: SignedAuthorizationDecision): Uint8Array {
  return utf8(canonicalJson(signed));
}

export type DecisionCheck =
  | { readonly ok: true; readonly signed: SignedAuthorizationDecision }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown-key' | 'bad-signature'; readonly message: string };

/**
 * Checks a stored decision: canonical JSON of the documented shape, signed
 * by one of `keys` over the canonical JSON of its `decision`.
 */
export async function checkSignedDecision(
  bytes: Uint8Array,
  keys: readonly Ed25519PublicJwk[],
): Promise<DecisionCheck> {
  let value: unknown;
  let text: string;
  try {
    text = fromUtf8(bytes);
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, reason: 'malformed', message: 'not valid UTF-8 JSON' };
  }
  const parsed = v.safeParse(SignedAuthorizationDecision, value);
  if (!parsed.success) return { ok: false, reason: 'malformed', message: 'not a signed authorization decision' };
  if (canonicalJson(parsed.output) !== text) {
    return { ok: false, reason: 'malformed', message: 'not the canonical JSON the server wrote' };
  }
  const key = (await indexKeys(keys)).get(parsed.output.signature.keyId);
  if (key === undefined) {
    return {
      ok: false,
      reason: 'unknown-key',
      message: `signed by key ${parsed.output.signature.keyId}, not a pinned key`,
    };
  }
  const signature = fromBase64Url(parsed.output.signature.signature) ?? new Uint8Array();
  if (!(await verifyEd25519(key, utf8(canonicalJson(parsed.output.decision)), signature))) {
    return { ok: false, reason: 'bad-signature', message: 'the signature does not match the decision' };
  }
  return { ok: true, signed: parsed.output };
}
