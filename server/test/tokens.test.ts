import { describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/tokens.ts';
import { requireApiKey, secretsEqual } from '../src/auth/api-key.ts';
import { Secret } from '../src/secret.ts';

const settings = { secret: new Secret('0123456789abcdef0123456789abcdef'), issuer: 'bank-x' };

describe('TokenService', () => {
  it('round-trips join tokens with all claims', async () => {
    const tokens = new TokenService(settings);
    const issued = await tokens.issueJoinToken({
      sessionId: 's-1',
      peerId: 'p-1',
      role: 'supervisor',
      displayName: 'Sup',
      ttlSeconds: 60,
    });
    const claims = await tokens.verifyJoinToken(issued.token);
    expect(claims).toMatchObject({ sessionId: 's-1', peerId: 'p-1', role: 'supervisor', displayName: 'Sup' });
    expect(claims.expiresAt).toBe(issued.expiresAt);
    expect(claims.tokenId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives each token its own id', async () => {
    const tokens = new TokenService(settings);
    const claims = { sessionId: 's', peerId: 'p', role: 'agent', displayName: '', ttlSeconds: 60 } as const;
    const [a, b] = await Promise.all([tokens.issueJoinToken(claims), tokens.issueJoinToken(claims)]);
    const [ca, cb] = await Promise.all([tokens.verifyJoinToken(a.token), tokens.verifyJoinToken(b.token)]);
    expect(ca.tokenId).not.toBe(cb.tokenId);
  });

  it('maps failures to typed codes', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const tokens = new TokenService(settings, () => now);
    const other = new TokenService({ ...settings, issuer: 'bank-y' }, () => now);
    const { token } = await tokens.issueJoinToken({
      sessionId: 's',
      peerId: 'p',
      role: 'agent',
      displayName: 'A',
      ttlSeconds: 60,
    });
    await expect(tokens.verifyJoinToken(undefined)).rejects.toMatchObject({ code: 'AUTH_MISSING_TOKEN' });
    await expect(tokens.verifyJoinToken('')).rejects.toMatchObject({ code: 'AUTH_MISSING_TOKEN' });
    await expect(tokens.verifyJoinToken('a.b.c')).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    await expect(tokens.verifyJoinToken('x'.repeat(5000))).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    await expect(other.verifyJoinToken(token)).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    const tampered = token.replace(/\.([^.]+)\./, (_match, payload: string) => {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      return `.${Buffer.from(JSON.stringify({ ...claims, role: 'supervisor' })).toString('base64url')}.`;
    });
    await expect(tokens.verifyJoinToken(tampered)).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
    // Within the 5 s clock tolerance it is still valid; beyond it, expired.
    now += 64_000;
    await expect(tokens.verifyJoinToken(token)).resolves.toMatchObject({ peerId: 'p' });
    now += 2_000;
    await expect(tokens.verifyJoinToken(token)).rejects.toMatchObject({ code: 'AUTH_EXPIRED_TOKEN' });
  });

  it('keeps the two doors apart', async () => {
    const tokens = new TokenService(settings);
    const auditor = await tokens.issueAuditorToken({ auditorId: 'aud-1', displayName: 'Audit', ttlSeconds: 60 });
    const join = await tokens.issueJoinToken({
      sessionId: 's',
      peerId: 'p',
      role: 'customer',
      displayName: 'C',
      ttlSeconds: 60,
    });
    await expect(tokens.verifyJoinToken(auditor.token)).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
    await expect(tokens.verifyAuditorToken(join.token)).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
    await expect(tokens.verifyAuditorToken(auditor.token)).resolves.toMatchObject({
      auditorId: 'aud-1',
      role: 'auditor',
    });
    await expect(tokens.verifyAuditorToken(undefined)).rejects.toMatchObject({ code: 'AUTH_MISSING_TOKEN' });
  });
});

describe('API key', () => {
  const key = new Secret('api-key-0123456789-0123456789');

  it('compares whole keys', () => {
    expect(secretsEqual('api-key-0123456789-0123456789', key)).toBe(true);
    expect(secretsEqual('api-key-0123456789-012345678', key)).toBe(false);
    expect(secretsEqual('', key)).toBe(false);
  });

  it('reads only Bearer credentials', () => {
    expect(() => requireApiKey({ authorization: 'Bearer api-key-0123456789-0123456789' }, key)).not.toThrow();
    expect(() => requireApiKey({ authorization: 'bearer   api-key-0123456789-0123456789' }, key)).not.toThrow();
    expect(() => requireApiKey({}, key)).toThrow(expect.objectContaining({ code: 'AUTH_MISSING_TOKEN' }));
    expect(() => requireApiKey({ authorization: 'Token x' }, key)).toThrow(
      expect.objectContaining({ code: 'AUTH_MISSING_TOKEN' }),
    );
    expect(() => requireApiKey({ authorization: 'Bearer wrong' }, key)).toThrow(
      expect.objectContaining({ code: 'AUTH_INVALID_TOKEN' }),
    );
  });
});
