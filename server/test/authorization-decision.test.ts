import { canonicalJson, checkSignedDecision, fromUtf8, utf8 } from '@aircounter/evidence';
import { describe, expect, it } from 'vitest';
import { signDecision } from '../src/authorization/decision.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';
import type { AuthorizationRecord } from '../src/store/authorization-requests-repository.ts';

// The signed decision document on its own: what the server signs and what the
// verifier accepts or refuses.

const RECORD: AuthorizationRecord = {
  id: 'az-1',
  sessionId: 'sess-1',
  requestedBy: 'agent-1',
  operationType: 'cash-withdrawal',
  amount: 8_000_000,
  currency: 'CNY',
  reason: 'Large cash withdrawal',
  note: '',
  attachments: [{ kind: 'still', sha256: 'a'.repeat(64), mediaType: 'image/jpeg' }],
  rulesVersion: 1,
  level: 2,
  approvals: 2,
  slaSeconds: 300,
  escalationLevel: 3,
  createdAt: Date.UTC(2026, 0, 1),
  deadlineAt: Date.UTC(2026, 0, 1, 0, 5),
  status: 'pending',
  closedAt: null,
  votes: [],
  assignees: [],
};
const AUTHORIZER = { authorizerId: 'sup-a', displayName: 'Supervisor A', level: 2 };
const INPUT = { decision: 'approve', reasonCode: 'DOCS_OK', comment: 'seen the customer' } as const;

function edit(bytes: Uint8Array, change: (value: { decision: Record<string, unknown> }) => void): Uint8Array {
  const value = JSON.parse(fromUtf8(bytes)) as { decision: Record<string, unknown> };
  change(value);
  return utf8(canonicalJson(value));
}

describe('signed authorization decisions', () => {
  it('verifies what the server signed, and refuses any change, another key or other bytes', async () => {
    const keys = await SigningKeyRing.ephemeral();
    const other = await SigningKeyRing.ephemeral();
    const signed = signDecision(keys, RECORD, AUTHORIZER, INPUT, Date.UTC(2026, 0, 1, 0, 1));
    const pinned = keys.jwks().keys;

    const good = await checkSignedDecision(signed.bytes, pinned);
    expect(good.ok).toBe(true);
    expect(good.ok && good.signed.decision).toMatchObject({
      sessionId: 'sess-1',
      requestId: 'az-1',
      authorizer: { id: 'sup-a', level: 2 },
      decision: 'approve',
      decidedAt: '2026-01-01T00:01:00.000Z',
      attachments: [{ sha256: 'a'.repeat(64) }],
    });

    const cases: [string, Uint8Array, readonly ReturnType<SigningKeyRing['jwks']>['keys'][number][], string][] = [
      ['a changed decision', edit(signed.bytes, (v) => (v.decision['decision'] = 'decline')), pinned, 'bad-signature'],
      ['a swapped attachment', edit(signed.bytes, (v) => (v.decision['attachments'] = [])), pinned, 'bad-signature'],
      ['a key that is not pinned', signed.bytes, other.jwks().keys, 'unknown-key'],
      [
        're-serialized with whitespace',
        utf8(JSON.stringify(JSON.parse(fromUtf8(signed.bytes)), null, 2)),
        pinned,
        'malformed',
      ],
      ['not JSON', utf8('approve'), pinned, 'malformed'],
    ];
    for (const [name, bytes, trusted, reason] of cases) {
      const checked = await checkSignedDecision(bytes, trusted);
      expect({ name, reason: checked.ok ? 'ok' : checked.reason }).toEqual({ name, reason });
    }
  });
});
