import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeConfig, ENV_SCHEMA, loadConfig } from '../src/config.ts';
import { isSecretVariable, type ConfigVariable } from '../src/config-reference.ts';
import { createLogger } from '../src/log.ts';

// main.ts logs the effective configuration once it listens. Whatever a bank
// sets, that line must never carry a credential: every variable the reference
// marks secret is set here to a recognisable value and looked for in the output.

const unique = (label: string) => `${label}-${randomBytes(24).toString('hex')}`;
const DATABASE_PASSWORD = unique('pg-password');

const ENV: Partial<Record<ConfigVariable, string>> = {
  AIR_TOKEN_SECRET: unique('token-secret'),
  AIR_API_KEY: unique('api-key'),
  AIR_DATABASE_URL: `postgres://kyc:${DATABASE_PASSWORD}@db.bank.internal:5432/kyc`,
  AIR_WEBHOOK_URL: 'https://bank.example/aircounter/events',
  AIR_WEBHOOK_SECRET: unique('webhook-secret'),
  AIR_METRICS_PORT: '9100',
  AIR_METRICS_TOKEN: unique('metrics-token'),
  AIR_TURN_URLS: 'turn:turn.bank.example:3478',
  AIR_TURN_SECRET: unique('turn-secret'),
  AIR_HTTP_PORT: '9443',
  AIR_SIGNING_KEY_FILE: '/etc/aircounter/evidence-signing-key.pem',
};

function startupLines(): string[] {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', write: (line) => lines.push(line) });
  // The same call as server/src/main.ts after `app.listen()`.
  log.info('configuration', describeConfig(loadConfig(ENV)));
  return lines;
}

describe('start-up configuration log', () => {
  it('is logged by main.ts once listening, at info level', async () => {
    const main = await readFile(new URL('../src/main.ts', import.meta.url), 'utf8');
    expect(main).toContain("log.info('configuration', describeConfig(config));");
    const [line, ...rest] = startupLines();
    expect(rest).toEqual([]);
    expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'info', msg: 'configuration', http: { port: 9443 } });
  });

  it('covers every secret variable of the reference', () => {
    const secrets = (Object.keys(ENV_SCHEMA.entries) as ConfigVariable[]).filter(isSecretVariable);
    expect(secrets.filter((name) => ENV[name] === undefined)).toEqual([]);
  });

  it('never prints a secret, nor the database password inside its URL', () => {
    const output = startupLines().join('');
    const secretValues = (Object.keys(ENV) as ConfigVariable[]).filter(isSecretVariable).map((name) => ENV[name]);
    for (const value of [...secretValues, DATABASE_PASSWORD]) expect(output).not.toContain(value);
    expect(output).toContain('[redacted]');
  });
});
