import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// REST path, header and body abuse against a real server: every refusal is a
// typed error with the documented status, nothing echoes what was sent, and
// nothing is created.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

async function raw(
  method: string,
  path: string,
  options: { body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string>; apiKey?: boolean } = {},
): Promise<{ status: number; code: string | undefined; text: string }> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      ...(options.apiKey === false ? {} : { authorization: `Bearer ${server.config.auth.apiKey.reveal()}` }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.status, code, text };
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('REST bodies: only the documented object shape', () => {
  const routes = ['/api/v1/sessions', '/api/v1/auditor-tokens'];

  it.each(['[]', '[{"reference":"x"}]', '"text"', '42', 'null', 'true'])(
    'a JSON %s is INVALID_PARAMS (400) on every JSON route',
    async (body) => {
      const sessionId = await server.createSession();
      for (const path of [...routes, `/api/v1/sessions/${sessionId}/tokens`]) {
        const result = await raw('POST', path, { body, headers: JSON_TYPE });
        expect([path, result.status, result.code]).toEqual([path, 400, 'INVALID_PARAMS']);
      }
    },
  );

  it.each([
    ['not JSON', '{"reference":', JSON_TYPE, 400, 'MALFORMED_MESSAGE'],
    [
      'invalid UTF-8',
      new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      JSON_TYPE,
      400,
      'MALFORMED_MESSAGE',
    ],
    ['a form body', 'reference=x', { 'content-type': 'application/x-www-form-urlencoded' }, 400, 'MALFORMED_MESSAGE'],
    ['an unknown member', '{"reference":"x","admin":true}', JSON_TYPE, 400, 'INVALID_PARAMS'],
    ['a wrong member type', '{"reference":7}', JSON_TYPE, 400, 'INVALID_PARAMS'],
    ['a prototype key', '{"__proto__":{"admin":true}}', JSON_TYPE, 400, 'INVALID_PARAMS'],
  ] as const)('%s is refused with its code', async (_what, body, headers, status, code) => {
    const before = server.app.services.sessions.list().length;
    const result = await raw('POST', '/api/v1/sessions', { body, headers });
    expect([result.status, result.code]).toEqual([status, code]);
    expect(server.app.services.sessions.list().length).toBe(before);
  });

  it('a body above AIR_HTTP_MAX_JSON_BYTES is PAYLOAD_TOO_LARGE (413), declared or streamed', async () => {
    const big = JSON.stringify({ reference: 'x'.repeat(server.config.http.maxJsonBodyBytes) });
    const declared = await raw('POST', '/api/v1/sessions', { body: big, headers: JSON_TYPE });
    expect([declared.status, declared.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // Chunked (no Content-Length): refused while reading.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.baseUrl}/api/v1/sessions`, {
        method: 'POST',
        headers: { ...JSON_TYPE, authorization: `Bearer ${server.config.auth.apiKey.reveal()}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write('x'.repeat(server.config.http.maxJsonBodyBytes / 4));
      req.end();
    });
    expect(streamed).toBe(413);
  });
});

describe('REST paths: ids checked for shape and length before any lookup', () => {
  // Node refuses a request line and headers above 16 KiB itself (431, tested below); 8 KiB reaches the router.
  const long = 'a'.repeat(8 * 1024);

  it.each([
    ['an 8 KiB id', `/api/v1/sessions/${long}`],
    ['a 129-character id', `/api/v1/sessions/${'b'.repeat(129)}`],
    ['an encoded slash', '/api/v1/sessions/a%2Fb'],
    ['an encoded NUL', '/api/v1/sessions/a%00b'],
    ['a space', '/api/v1/sessions/a%20b'],
    ['non-ASCII', '/api/v1/sessions/%E4%BC%9A%E8%AF%9D'],
    ['a bidi override', '/api/v1/sessions/a%E2%80%AEb'],
  ])('%s is INVALID_PARAMS (400) and not echoed', async (_what, path) => {
    for (const [method, suffix] of [
      ['GET', ''],
      ['POST', '/end'],
      ['POST', '/tokens'],
    ] as const) {
      const result = await raw(method, `${path}${suffix}`, {
        body: method === 'POST' ? '{}' : undefined,
        headers: JSON_TYPE,
      });
      expect([method, suffix, result.status, result.code]).toEqual([method, suffix, 400, 'INVALID_PARAMS']);
      expect(result.text.length).toBeLessThan(300);
    }
  });

  it('dot segments and a malformed escape never reach a route', async () => {
    expect((await raw('GET', '/api/v1/sessions/%E0%A4%A')).status).toBe(404);
    const traversal = await raw('GET', '/api/v1/sessions/..%2F..%2Fetc%2Fpasswd');
    expect([traversal.status, traversal.code]).toEqual([400, 'INVALID_PARAMS']);
  });

  it('an unknown well-formed id is SESSION_NOT_FOUND (404)', async () => {
    const result = await raw('GET', '/api/v1/sessions/no-such-session');
    expect([result.status, result.code]).toEqual([404, 'SESSION_NOT_FOUND']);
  });
});

describe('REST headers', () => {
  it.each([
    ['no Authorization', {}, 401, 'AUTH_MISSING_TOKEN'],
    ['a Basic credential', { authorization: 'Basic dXNlcjpwYXNz' }, 401, 'AUTH_MISSING_TOKEN'],
    ['two bearer values', { authorization: 'Bearer a b' }, 401, 'AUTH_MISSING_TOKEN'],
    ['an 8 KiB bearer value', { authorization: `Bearer ${'k'.repeat(8192)}` }, 401, 'AUTH_INVALID_TOKEN'],
    ['a wrong key of the right length', { authorization: `Bearer ${'k'.repeat(32)}` }, 401, 'AUTH_INVALID_TOKEN'],
  ])('%s on the bank API is refused with its code', async (_what, headers, status, code) => {
    const result = await raw('POST', '/api/v1/sessions', { apiKey: false, headers, body: '{}' });
    expect([result.status, result.code]).toEqual([status, code]);
  });

  it('an auditor token does not open the bank API, nor the API key the evidence API', async () => {
    const issued = (await (
      await server.api('POST', '/api/v1/auditor-tokens', { auditorId: 'aud-h', displayName: 'Auditor' })
    ).json()) as { token: string };
    const bank = await raw('POST', '/api/v1/sessions', {
      apiKey: false,
      headers: { authorization: `Bearer ${issued.token}` },
    });
    expect([bank.status, bank.code]).toEqual([401, 'AUTH_INVALID_TOKEN']);
    const evidence = await raw('GET', '/api/v1/evidence/sessions');
    expect(evidence.status).toBe(401);
  });

  it('headers beyond the server’s header limit are refused by HTTP itself (431)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.baseUrl}/api/v1/sessions`, {
        method: 'GET',
        headers: { 'x-filler': 'f'.repeat(64 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
  });

  it('a wrong method is 405 with Allow', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/sessions`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('POST');
    await response.body?.cancel();
  });
});
