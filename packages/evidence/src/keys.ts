import { canonicalJson } from './canonical-json.ts';
import { fromBase64Url, toBase64Url, utf8 } from './encoding.ts';

/** An Ed25519 public key as a JWK (RFC 8037). */
export interface Ed25519PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  /** The 32-byte public key, base64url. */
  readonly x: string;
  /** RFC 7638 thumbprint (see {@link jwkThumbprint}). */
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  /** Published by the server: `active` signs new manifests, `retired` only verifies old ones. */
  readonly status?: 'active' | 'retired';
}

export interface JwkSet {
  readonly keys: readonly Ed25519PublicJwk[];
}

export function isEd25519PublicJwk(value: unknown): value is Ed25519PublicJwk {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return false;
  // A private key must never be accepted where a public key is expected.
  if ('d' in jwk) return false;
  return fromBase64Url(jwk.x)?.byteLength === 32;
}

/**
 * Key id of an Ed25519 key: its RFC 7638 JWK thumbprint, i.e.
 * base64url(SHA-256(`{"crv":"Ed25519","kty":"OKP","x":"<x>"}`)). It is
 * derived from the key itself, so a key set cannot give a foreign key the id
 * of a trusted one.
 */
export async function jwkThumbprint(jwk: Pick<Ed25519PublicJwk, 'x'>): Promise<string> {
  const members = canonicalJson({ crv: 'Ed25519', kty: 'OKP', x: jwk.x });
  const digest = await crypto.subtle.digest('SHA-256', utf8(members));
  return toBase64Url(new Uint8Array(digest));
}

/** Reads a JWK or a JWK set (`{ keys: [...] }`); throws naming what is wrong. */
export function parsePublicKeys(value: unknown): Ed25519PublicJwk[] {
  const candidates: unknown[] =
    typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys)
      ? (value as { keys: unknown[] }).keys
      : [value];
  const keys = candidates.filter(isEd25519PublicJwk);
  if (keys.length === 0) throw new Error('no Ed25519 public key (JWK with kty OKP, crv Ed25519, x) found');
  return keys;
}

/** Trusted keys indexed by their thumbprint (the manifest's `keyId`). */
export async function indexKeys(keys: readonly Ed25519PublicJwk[]): Promise<Map<string, Ed25519PublicJwk>> {
  const byId = new Map<string, Ed25519PublicJwk>();
  for (const key of keys) byId.set(await jwkThumbprint(key), key);
  return byId;
}

/** Verifies an Ed25519 signature with WebCrypto (Node 24, current browsers). */
export async function verifyEd25519(
  jwk: Ed25519PublicJwk,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: 'OKP', crv: 'Ed25519', x: jwk.x },
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    signature as Uint8Array<ArrayBuffer>,
    message as Uint8Array<ArrayBuffer>,
  );
}
