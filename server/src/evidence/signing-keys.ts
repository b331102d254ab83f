import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  canonicalJson,
  isEd25519PublicJwk,
  jwkThumbprint,
  parsePublicKeys,
  toBase64Url,
  utf8,
  type Ed25519PublicJwk,
  type JwkSet,
} from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import { isErrno } from './errno.ts';

export interface SigningKeyOptions {
  /** PEM (PKCS#8) Ed25519 private key: the key that signs new manifests. */
  readonly keyFile: string;
  /** Public keys (PEM SPKI, PEM private, JWK or JWK set files) of earlier keys, kept verifiable after a rotation. */
  readonly retiredKeyFiles?: readonly string[];
  /** Create `keyFile` when it does not exist (development and demo set-ups). */
  readonly generateIfMissing: boolean;
  /** Told the key id (never the key) when a key is generated. */
  readonly onGenerated?: (info: { keyId: string; keyFile: string }) => void;
}

export interface Signature {
  readonly keyId: string;
  /** Ed25519 signature, base64url. */
  readonly signature: string;
}

/**
 * The server's Ed25519 signing key and the public keys it publishes at
 * /.well-known/aircounter/signing-keys. Key ids are RFC 7638 thumbprints.
 * Rotation: put the new key in `keyFile`, list the old one's public key in
 * `retiredKeyFiles`; manifests name the key that signed them, so old
 * packages keep verifying.
 */
export class SigningKeyRing {
  readonly keyId: string;
  readonly publicJwk: Ed25519PublicJwk;
  readonly #privateKey: KeyObject;
  readonly #retired: readonly Ed25519PublicJwk[];

  private constructor(privateKey: KeyObject, publicJwk: Ed25519PublicJwk, retired: readonly Ed25519PublicJwk[]) {
    this.#privateKey = privateKey;
    this.publicJwk = publicJwk;
    this.keyId = publicJwk.kid ?? '';
    this.#retired = retired;
  }

  static async load(options: SigningKeyOptions): Promise<SigningKeyRing> {
    const privateKey = await loadOrGeneratePrivateKey(options);
    const publicJwk = await toPublicJwk(createPublicKey(privateKey), 'active');
    const retired: Ed25519PublicJwk[] = [];
    for (const file of options.retiredKeyFiles ?? []) {
      for (const key of await readPublicKeys(file)) {
        const jwk = await toPublicJwkFromJwk(key, 'retired');
        if (jwk.kid !== publicJwk.kid && !retired.some((other) => other.kid === jwk.kid)) retired.push(jwk);
      }
    }
    return new SigningKeyRing(privateKey, publicJwk, retired);
  }

  /** An in-memory key (tests and tools); never written anywhere. */
  static async ephemeral(): Promise<SigningKeyRing> {
    const { privateKey } = generateKeyPairSync('ed25519');
    return new SigningKeyRing(privateKey, await toPublicJwk(createPublicKey(privateKey), 'active'), []);
  }

  sign(message: Uint8Array): Signature {
    return { keyId: this.keyId, signature: toBase64Url(new Uint8Array(sign(null, message, this.#privateKey))) };
  }

  /** Signs the canonical JSON of a value (e.g. a liveness decision), as manifests are signed. */
  signCanonical(value: unknown): Signature {
    return this.sign(utf8(canonicalJson(value)));
  }

  /** The published key set: the active key first, then retired keys. */
  jwks(): JwkSet {
    return { keys: [this.publicJwk, ...this.#retired] };
  }
}

async function loadOrGeneratePrivateKey(options: SigningKeyOptions): Promise<KeyObject> {
  let pem: string;
  try {
    pem = await readFile(options.keyFile, 'utf8');
  } catch (error) {
    if (!isErrno(error, 'ENOENT') || !options.generateIfMissing) {
      throw new AirError('INTERNAL', `cannot read the evidence signing key file ${options.keyFile}`, { cause: error });
    }
    return generateInto(options);
  }
  return parsePrivateKey(pem, options.keyFile);
}

function parsePrivateKey(pem: string, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new AirError('INTERNAL', `${file} is not a PEM private key`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AirError('INTERNAL', `${file} holds a ${key.asymmetricKeyType ?? 'unknown'} key; evidence needs Ed25519`);
  }
  return key;
}

async function generateInto(options: SigningKeyOptions): Promise<KeyObject> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await mkdir(dirname(options.keyFile), { recursive: true, mode: 0o700 });
  let handle;
  try {
    handle = await open(options.keyFile, 'wx', 0o600);
  } catch (error) {
    // Another process generated it first: use that one.
    if (isErrno(error, 'EEXIST')) return parsePrivateKey(await readFile(options.keyFile, 'utf8'), options.keyFile);
    throw error;
  }
  try {
    await handle.writeFile(pem);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const jwk = await toPublicJwk(createPublicKey(privateKey), 'active');
  options.onGenerated?.({ keyId: jwk.kid ?? '', keyFile: options.keyFile });
  return privateKey;
}

async function readPublicKeys(file: string): Promise<Ed25519PublicJwk[]> {
  const text = await readFile(file, 'utf8');
  if (text.trimStart().startsWith('{')) return parsePublicKeys(JSON.parse(text));
  const key = createPublicKey(text);
  const jwk: unknown = key.export({ format: 'jwk' });
  if (!isEd25519PublicJwk(jwk)) throw new AirError('INTERNAL', `${file} is not an Ed25519 key`);
  return [jwk];
}

async function toPublicJwk(key: KeyObject, status: 'active' | 'retired'): Promise<Ed25519PublicJwk> {
  const jwk: unknown = key.export({ format: 'jwk' });
  if (!isEd25519PublicJwk(jwk)) throw new AirError('INTERNAL', 'not an Ed25519 public key');
  return toPublicJwkFromJwk(jwk, status);
}

async function toPublicJwkFromJwk(jwk: Ed25519PublicJwk, status: 'active' | 'retired'): Promise<Ed25519PublicJwk> {
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    x: jwk.x,
    kid: await jwkThumbprint(jwk),
    alg: 'EdDSA',
    use: 'sig',
    status,
  };
}
