import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fetchSigningKeys, isEd25519PublicJwk, parsePublicKeys, type Ed25519PublicJwk } from '@aircounter/evidence';
import { UsageError } from './args.ts';

/** Keys for `verifyEvidence`: pinned from files, and what servers publish at their keys URL. */
export interface VerificationKeys {
  readonly pinned: Ed25519PublicJwk[];
  readonly serverPublished: Ed25519PublicJwk[];
}

/**
 * Verification keys from files (JWK, JWK set, or PEM — a PEM private key is
 * reduced to its public half), which are pinned, and from servers'
 * signing-keys URLs, which count only with `--trust-server-keys`.
 */
export async function loadVerificationKeys(
  files: readonly string[],
  urls: readonly string[],
): Promise<VerificationKeys> {
  if (files.length === 0 && urls.length === 0) {
    throw new UsageError('no trusted key: give --public-key <file.jwk|file.pem> or --keys-url <url>');
  }
  const pinned: Ed25519PublicJwk[] = [];
  for (const file of files) pinned.push(...(await keysFromFile(file)));
  const serverPublished: Ed25519PublicJwk[] = [];
  for (const url of urls) {
    try {
      serverPublished.push(...(await fetchSigningKeys(keysBaseUrl(url))));
    } catch (error) {
      throw new UsageError(
        `cannot fetch signing keys from ${url}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { pinned, serverPublished };
}

/** Accepts the server's origin or the full `/.well-known/aircounter/signing-keys` URL. */
function keysBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--keys-url is not a URL: ${url}`);
  }
  const suffix = '/.well-known/aircounter/signing-keys';
  const path = parsed.pathname.endsWith(suffix) ? parsed.pathname.slice(0, -suffix.length) : parsed.pathname;
  return `${parsed.origin}${path}`;
}

async function keysFromFile(file: string): Promise<Ed25519PublicJwk[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read key file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (text.trimStart().startsWith('{')) return parsePublicKeys(JSON.parse(text));
    const jwk: unknown = createPublicKey(text).export({ format: 'jwk' });
    if (!isEd25519PublicJwk(jwk)) throw new Error('not an Ed25519 key');
    return [jwk];
  } catch (error) {
    throw new UsageError(
      `${file} holds no Ed25519 public key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
