import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The demo's secrets: random per machine, created on first start in a file
 * only the owner can read. A real deployment sets AIR_TOKEN_SECRET and
 * AIR_API_KEY from its secret store; nothing secret is ever in the code.
 */
export interface DevSecrets {
  readonly tokenSecret: string;
  readonly apiKey: string;
}

export function loadOrCreateDevSecrets(file: string): DevSecrets {
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isDevSecrets(parsed)) return parsed;
    throw new Error(`${file} is not a demo secrets file; delete it to create a new one`);
  }
  const secrets: DevSecrets = {
    tokenSecret: randomBytes(48).toString('base64url'),
    apiKey: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' });
  return secrets;
}

function isDevSecrets(value: unknown): value is DevSecrets {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)['tokenSecret'] === 'string' &&
    typeof (value as Record<string, unknown>)['apiKey'] === 'string'
  );
}
