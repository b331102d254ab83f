import { AirError, type AuthorizationView } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { authorizationView } from '../../protocol/src/test-fixtures/authorization.ts';
import { createDeskClient, DESK_MAX_ATTACHMENT_BYTES } from './desk.ts';

// The desk client in isolation: an injected fetch stands in for the server
// (the server's desk routes have their own tests).

const SHA = 'a'.repeat(64);

function view(overrides: Partial<AuthorizationView> = {}): AuthorizationView {
  return authorizationView({
    attachments: [{ kind: 'still', sha256: SHA, mediaType: 'image/jpeg' }],
    rulesVersion: 3,
    ...overrides,
  });
}

interface Seen {
  readonly url: string;
  readonly init: RequestInit;
}

/** A fetch that answers every call with `answer` and records what it was asked. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    seen.push({ url: String(input), init });
    init.signal?.throwIfAborted();
    return answer();
  };
  return { fetch, seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function desk(answer: () => Response | Promise<Response>) {
  const { fetch, seen } = fakeFetch(answer);
  const client = createDeskClient({
    serverUrl: 'https://kyc.bank.example/',
    getToken: async () => 'desk-token',
    fetch,
  });
  return { client, seen };
}

const header = (seen: Seen | undefined, name: string) => new Headers(seen?.init.headers).get(name);

describe('createDeskClient', () => {
  it('lists the queue with the desk token', async () => {
    const { client, seen } = desk(() => json({ authorizations: [view()], now: '2026-01-01T00:00:00.000Z' }));
    const queue = await client.queue();
    expect(queue.authorizations.map((item) => item.requestId)).toEqual(['az-1']);
    expect(queue.now).toBe('2026-01-01T00:00:00.000Z');
    expect(seen[0]?.url).toBe('https://kyc.bank.example/api/v1/desk/authorizations');
    expect(seen[0]?.init.method).toBe('GET');
    expect(header(seen[0], 'authorization')).toBe('Bearer desk-token');
  });

  it('opens one request, encoding its id', async () => {
    const { client, seen } = desk(() => json(view()));
    const opened = await client.open('az/1 ?');
    expect(opened.rulesVersion).toBe(3);
    expect(seen[0]?.url).toBe('https://kyc.bank.example/api/v1/desk/authorizations/az%2F1%20%3F');
  });

  it('fetches an attachment as a Blob of its media type', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    const { client, seen } = desk(() => new Response(bytes, { headers: { 'content-type': 'image/jpeg' } }));
    const blob = await client.attachment('az-1', SHA);
    expect(blob.type).toBe('image/jpeg');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
    expect(seen[0]?.url).toBe(`https://kyc.bank.example/api/v1/desk/authorizations/az-1/attachments/${SHA}`);
  });

  it('refuses an attachment larger than the bound', async () => {
    const { client } = desk(
      () =>
        new Response(new Uint8Array(16), {
          headers: { 'content-type': 'image/jpeg', 'content-length': String(DESK_MAX_ATTACHMENT_BYTES + 1) },
        }),
    );
    await expect(client.attachment('az-1', SHA)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('asks for a join token', async () => {
    const join = { sessionId: 's-1', token: 'jwt', expiresAt: '2026-01-01T00:01:00.000Z' };
    const { client, seen } = desk(() => json(join));
    expect(await client.join('az-1')).toEqual(join);
    expect(seen[0]?.url).toBe('https://kyc.bank.example/api/v1/desk/authorizations/az-1/join');
    expect(seen[0]?.init.method).toBe('POST');
  });

  it('sends a decision as JSON', async () => {
    const { client, seen } = desk(() => json(view({ status: 'declined' })));
    const decided = await client.decide('az-1', { decision: 'decline', reasonCode: 'identity-doubt', comment: 'no' });
    expect(decided.status).toBe('declined');
    expect(seen[0]?.url).toBe('https://kyc.bank.example/api/v1/desk/authorizations/az-1/decision');
    expect(seen[0]?.init.method).toBe('POST');
    expect(header(seen[0], 'content-type')).toBe('application/json');
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({
      decision: 'decline',
      reasonCode: 'identity-doubt',
      comment: 'no',
    });
  });

  it('refuses an invalid decision before sending it', async () => {
    const { client, seen } = desk(() => json(view()));
    await expect(client.decide('az-1', { decision: 'approve', reasonCode: 'not a code!' })).rejects.toMatchObject({
      code: 'INVALID_PARAMS',
    });
    expect(seen).toHaveLength(0);
  });

  it("rejects with the server's typed error", async () => {
    const { client } = desk(() => json({ error: { code: 'AUTHZ_ALREADY_DECIDED', message: 'one vote each' } }, 409));
    const error: unknown = await client.decide('az-1', { decision: 'approve', reasonCode: 'verified-in-call' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AirError);
    expect(error).toMatchObject({ code: 'AUTHZ_ALREADY_DECIDED', recoverable: false });
    expect((error as AirError).message).toContain('one vote each');
  });

  it('gives a code to a refusal without one', async () => {
    const { client } = desk(() => new Response('<html>Bad gateway</html>', { status: 401 }));
    await expect(client.queue()).rejects.toMatchObject({ code: 'AUTH_INVALID_TOKEN' });
  });

  it('rejects a malformed response', async () => {
    const { client } = desk(() => json({ authorizations: [{ requestId: 'az-1' }], now: 'x' }));
    await expect(client.queue()).rejects.toMatchObject({ code: 'MALFORMED_MESSAGE' });
    const { client: notJson } = desk(() => new Response('not json'));
    await expect(notJson.open('az-1')).rejects.toMatchObject({ code: 'MALFORMED_MESSAGE' });
  });

  it('reports an unreachable server as a lost connection', async () => {
    const { client } = desk(() => Promise.reject(new TypeError('fetch failed')));
    await expect(client.queue()).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
  });

  it('passes the signal to fetch, and an abort rejects with its reason', async () => {
    const { client, seen } = desk(() => json({ authorizations: [], now: '2026-01-01T00:00:00.000Z' }));
    const controller = new AbortController();
    await client.queue(controller.signal);
    expect(seen[0]?.init.signal).toBe(controller.signal);
    controller.abort(new DOMException('left', 'AbortError'));
    await expect(client.open('az-1', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    await expect(client.attachment('az-1', SHA, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects when no token can be had', async () => {
    const client = createDeskClient({
      serverUrl: 'https://kyc.bank.example',
      getToken: () => Promise.reject(new Error('signed out')),
      fetch: () => Promise.reject(new Error('not called')),
    });
    await expect(client.queue()).rejects.toMatchObject({ code: 'AUTH_MISSING_TOKEN' });
  });
});
