import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url, toHex } from './encoding.ts';
import { isEd25519PublicJwk, jwkThumbprint, parsePublicKeys, verifyEd25519 } from './keys.ts';

// RFC 8037 Appendix A and RFC 8032 §7.1 test 1 (empty message).
const RFC_X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const RFC_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

function fromHex(hex: string): Uint8Array {
  return new Uint8Array(hex.match(/../g)?.map((byte) => Number.parseInt(byte, 16)) ?? []);
}

describe('keys', () => {
  it('computes the RFC 8037 A.3 thumbprint', async () => {
    expect(await jwkThumbprint({ x: RFC_X })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('verifies the RFC 8032 test vector and rejects a changed message', async () => {
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: RFC_X } as const;
    expect(toHex(fromBase64Url(RFC_X) ?? new Uint8Array())).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
    expect(await verifyEd25519(jwk, new Uint8Array(), fromHex(RFC_SIGNATURE))).toBe(true);
    expect(await verifyEd25519(jwk, new Uint8Array([0]), fromHex(RFC_SIGNATURE))).toBe(false);
  });

  it('reads a JWK or a JWK set and never a private key', () => {
    const pub = { kty: 'OKP', crv: 'Ed25519', x: RFC_X };
    expect(parsePublicKeys(pub)).toEqual([pub]);
    expect(parsePublicKeys({ keys: [pub, { kty: 'RSA', n: 'x', e: 'AQAB' }] })).toEqual([pub]);
    expect(isEd25519PublicJwk({ ...pub, d: 'secret' })).toBe(false);
    expect(isEd25519PublicJwk({ ...pub, x: 'AAAA' })).toBe(false);
    expect(() => parsePublicKeys({ keys: [] })).toThrow(/no Ed25519 public key/);
  });

  it('round-trips base64url and rejects non-canonical text', () => {
    for (let length = 0; length < 70; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 37 + length) & 255);
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    }
    expect(fromBase64Url('AB==')).toBeUndefined();
    expect(fromBase64Url('A')).toBeUndefined();
    // "AB" decodes to one byte with non-zero leftover bits: a second spelling of "AA".
    expect(fromBase64Url('AB')).toBeUndefined();
  });
});
