import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { AirError } from '@aircounter/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAirServer, type AirServer } from '../src/app.ts';
import { API_KEY_CALLER, createBankAuthenticator, type BankRequest } from '../src/auth/bank-auth.ts';
import { configForTests } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { Secret } from '../src/secret.ts';

// The bank back end's REST calls: the API key by default, or the bank's own
// check given to createAirServer — here a client certificate of the bank's
// PKI over a real TLS socket (certificates made by openssl for the test).

const KEY = new Secret('k'.repeat(40));

function call(headers: Record<string, string> = {}): BankRequest {
  return { method: 'POST', path: '/api/v1/sessions', headers, socket: {} as Socket };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AirError)) throw new Error(`expected an AirError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('createBankAuthenticator', () => {
  it('asks for the API key by default', async () => {
    const check = createBankAuthenticator(KEY);
    await expect(check(call({ authorization: `Bearer ${KEY.reveal()}` }))).resolves.toEqual(API_KEY_CALLER);
    expect((await refusal(check(call()))).code).toBe('AUTH_MISSING_TOKEN');
    expect((await refusal(check(call({ authorization: 'Bearer nope' })))).code).toBe('AUTH_INVALID_TOKEN');
  });

  it("lets the bank's check decide alone, unless the API key is still accepted", async () => {
    const bankOnly = createBankAuthenticator(KEY, {
      authenticate: ({ headers }) => (headers['x-bank-caller'] === 'core' ? { id: 'core-banking' } : undefined),
    });
    await expect(bankOnly(call({ 'x-bank-caller': 'core' }))).resolves.toEqual({ id: 'core-banking' });
    expect((await refusal(bankOnly(call({ authorization: `Bearer ${KEY.reveal()}` })))).code).toBe(
      'AUTH_INVALID_TOKEN',
    );
    const both = createBankAuthenticator(KEY, { authenticate: () => undefined, acceptApiKey: true });
    await expect(both(call({ authorization: `Bearer ${KEY.reveal()}` }))).resolves.toEqual(API_KEY_CALLER);
    expect((await refusal(both(call({ authorization: 'Bearer nope' })))).code).toBe('AUTH_INVALID_TOKEN');
  });

  it("refuses when the bank's check fails, without repeating what it said; its own AirError passes", async () => {
    const failing = createBankAuthenticator(KEY, {
      authenticate: () => {
        throw new Error('JWT signed by kid=secret-kid-7 expired');
      },
    });
    const refused = await refusal(failing(call()));
    expect(refused.code).toBe('AUTH_INVALID_TOKEN');
    expect(refused.message).not.toContain('secret-kid-7');
    const explicit = createBankAuthenticator(KEY, {
      authenticate: () => Promise.reject(new AirError('AUTH_EXPIRED_TOKEN', 'the bank token expired')),
    });
    expect((await refusal(explicit(call()))).code).toBe('AUTH_EXPIRED_TOKEN');
    const nameless = createBankAuthenticator(KEY, { authenticate: () => ({ id: '' }) });
    expect((await refusal(nameless(call()))).code).toBe('AUTH_INVALID_TOKEN');
  });
});

describe('a bank back end authenticated by its client certificate (mTLS)', () => {
  let dir: string;
  let app: AirServer;
  let server: Server;
  let port: number;
  const logLines: string[] = [];
  const pem = (name: string): Buffer => readFileSync(join(dir, name));

  /** A key and a certificate signed by `ca` (or self-signed), with common name `cn`. */
  function certificate(name: string, cn: string, ca?: string): void {
    const key = join(dir, `${name}.key`);
    execFileSync(
      'openssl',
      ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat(
        ca === undefined
          ? ['-x509', '-days', '2', '-subj', `/CN=${cn}`, '-keyout', key, '-out', join(dir, `${name}.crt`)]
          : ['-subj', `/CN=${cn}`, '-keyout', key, '-out', join(dir, `${name}.csr`)],
      ),
      { stdio: 'ignore' },
    );
    if (ca === undefined) return;
    execFileSync(
      'openssl',
      ['x509', '-req', '-days', '2', '-in', join(dir, `${name}.csr`), '-CA', join(dir, `${ca}.crt`)]
        .concat(['-CAkey', join(dir, `${ca}.key`), '-CAcreateserial', '-out', join(dir, `${name}.crt`)])
        .concat(name === 'server' ? ['-extfile', join(dir, 'san.ext')] : []),
      { stdio: 'ignore' },
    );
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aircounter-mtls-'));
    execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > ${join(dir, 'san.ext')}`]);
    certificate('bank-ca', 'Bank test CA');
    certificate('other-ca', 'Someone else');
    certificate('server', '127.0.0.1', 'bank-ca');
    certificate('core', 'core-banking', 'bank-ca');
    certificate('stranger', 'core-banking', 'other-ca');
    app = await createAirServer(configForTests(), {
      log: createLogger({ level: 'info', write: (line) => logLines.push(line) }),
      bankAuthentication: {
        authenticate: ({ socket }) => {
          const tls = socket as TLSSocket;
          if (!tls.authorized) return undefined;
          return { id: String(tls.getPeerCertificate().subject.CN) };
        },
      },
    });
    server = createServer(
      {
        key: pem('server.key'),
        cert: pem('server.crt'),
        ca: pem('bank-ca.crt'),
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => {
        if (!app.handleRequest(req, res)) res.writeHead(404).end();
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function createSession(client?: 'core' | 'stranger', apiKey?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/sessions',
          ca: pem('bank-ca.crt'),
          ...(client === undefined ? {} : { key: pem(`${client}.key`), cert: pem(`${client}.crt`) }),
          headers: {
            'content-type': 'application/json',
            ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ reference: 'loan-42' }));
    });
  }

  it("creates a session for the bank's certificate and logs who called", async () => {
    const answer = await createSession('core');
    expect(answer.status).toBe(201);
    const calls = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line['msg'] === 'bank call');
    expect(calls.at(-1)).toMatchObject({ caller: 'core-banking', method: 'POST', path: '/api/v1/sessions' });
  });

  it('refuses a certificate of another authority, no certificate, and the API key (the bank chose its own check)', async () => {
    for (const attempt of [
      await createSession('stranger'),
      await createSession(),
      await createSession(undefined, app.config.auth.apiKey.reveal()),
    ]) {
      expect(attempt.status).toBe(401);
      expect(JSON.parse(attempt.body)).toMatchObject({ error: { code: 'AUTH_INVALID_TOKEN' } });
    }
  });
});
