import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A stand-in for the bank's own back end. It is the only holder of the
 * AirCounter API key and talks to AirCounter's REST API exactly as a bank's
 * back end would (over HTTP, with the key). Pages never see the key: they get
 * join links signed by the bank (in the URL fragment: never sent to a server,
 * so never in an access log) and exchange them for a fresh join token before
 * each connection attempt, as a bank's app asks its back end after its own
 * login. A join token opens one connection.
 */
export interface BankBackendOptions {
  /** Where AirCounter's REST API answers, e.g. http://127.0.0.1:8080. */
  readonly airBaseUrl: string;
  readonly apiKey: string;
  /** Base of the links handed out, e.g. http://localhost:8080. */
  readonly publicBaseUrl: string;
  /** How long demo join links stay valid. */
  readonly linkTtlSeconds: number;
}

/** Lifetime of each join token the page fetches: it only has to open one connection. */
const JOIN_TOKEN_TTL_SECONDS = 120;
const LINK_ROLES = ['customer', 'agent', 'supervisor'] as const;
type LinkRole = (typeof LINK_ROLES)[number];

interface LinkClaims {
  readonly session: string;
  readonly role: LinkRole;
  readonly peer: string;
  readonly name: string;
  readonly exp: number;
}

interface DemoSession {
  readonly sessionId: string;
  readonly reference: string;
  readonly createdAt: string;
  readonly links: Readonly<Record<'customer' | 'agent' | 'supervisor', string>>;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;

export function createBankBackend(options: BankBackendOptions) {
  const sessions: DemoSession[] = [];
  // Links are signed, not stored: they survive a restart of the demo like the sessions they open.
  const linkKey = createHmac('sha256', options.apiKey).update('aircounter-demo-join-links').digest();
  const signLink = (claims: LinkClaims): string =>
    createHmac('sha256', linkKey)
      .update(JSON.stringify([claims.session, claims.role, claims.peer, claims.name, claims.exp]))
      .digest('base64url');

  function checkLink(body: unknown): LinkClaims {
    const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const { session, role, peer, name, exp, key } = record;
    const refused = new BankError(403, { error: { code: 'FORBIDDEN_ROLE', message: 'not a valid join link' } });
    if (typeof session !== 'string' || typeof peer !== 'string' || typeof name !== 'string') throw refused;
    if (typeof role !== 'string' || !(LINK_ROLES as readonly string[]).includes(role)) throw refused;
    if (typeof exp !== 'number' || typeof key !== 'string') throw refused;
    const claims: LinkClaims = { session, role: role as LinkRole, peer, name, exp };
    const expected = Buffer.from(signLink(claims));
    const given = Buffer.from(key);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused;
    if (exp * 1000 < Date.now()) {
      throw new BankError(401, { error: { code: 'AUTH_EXPIRED_TOKEN', message: 'this join link has expired' } });
    }
    return claims;
  }

  async function air(
    path: string,
    init: { method: string; json?: unknown; body?: Uint8Array; type?: string },
  ): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.body) {
      headers['content-type'] = init.type ?? 'application/octet-stream';
      body = new Uint8Array(init.body);
    }
    const response = await fetch(new URL(path, options.airBaseUrl), { method: init.method, headers, body });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new BankError(response.status, parsed);
    return parsed;
  }

  function joinLink(sessionId: string, role: LinkRole, displayName: string): string {
    const claims: LinkClaims = {
      session: sessionId,
      role,
      peer: `${role}-${randomUUID().slice(0, 8)}`,
      name: displayName,
      exp: Math.floor(Date.now() / 1000) + options.linkTtlSeconds,
    };
    const fragment = new URLSearchParams({ ...claims, exp: String(claims.exp), key: signLink(claims) });
    return `${options.publicBaseUrl}/${role}.html#${fragment.toString()}`;
  }

  /** A fresh join token for a signed link (one per connection attempt). */
  async function joinToken(body: unknown): Promise<unknown> {
    const link = checkLink(body);
    return air(`/api/v1/sessions/${encodeURIComponent(link.session)}/tokens`, {
      method: 'POST',
      json: { role: link.role, peerId: link.peer, displayName: link.name, ttlSeconds: JOIN_TOKEN_TTL_SECONDS },
    });
  }

  async function createSession(input: { customerName?: string; agentName?: string }): Promise<DemoSession> {
    const reference = `DEMO-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 6)}`;
    const created = (await air('/api/v1/sessions', {
      method: 'POST',
      json: { reference, agentId: 'agent-demo' },
    })) as { sessionId: string; createdAt: string };
    const session: DemoSession = {
      sessionId: created.sessionId,
      reference,
      createdAt: created.createdAt,
      links: {
        customer: joinLink(created.sessionId, 'customer', input.customerName || 'Customer'),
        agent: joinLink(created.sessionId, 'agent', input.agentName || 'Agent'),
        supervisor: joinLink(created.sessionId, 'supervisor', 'Supervisor'),
      },
    };
    sessions.unshift(session);
    return session;
  }

  /** Ends the session for everyone; AirCounter then seals its evidence package. */
  async function endSession(sessionId: string): Promise<void> {
    await air(`/api/v1/sessions/${encodeURIComponent(sessionId)}/end`, { method: 'POST' });
  }

  /** Handles `/bank/api/*`; returns false for anything else. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/bank/api/')) return false;
    try {
      const route = `${req.method} ${url.pathname}`;
      const idPhoto = /^\/bank\/api\/sessions\/([A-Za-z0-9._:@-]+)\/id-photo$/.exec(url.pathname);
      const end = /^\/bank\/api\/sessions\/([A-Za-z0-9._:@-]+)\/end$/.exec(url.pathname);
      if (route === 'POST /bank/api/sessions') {
        const body = (await readJsonBody(req)) as { customerName?: string; agentName?: string };
        send(res, 201, await createSession(body));
      } else if (route === 'POST /bank/api/join-token') {
        send(res, 200, await joinToken(await readJsonBody(req)));
      } else if (route === 'GET /bank/api/sessions') {
        send(res, 200, { sessions });
      } else if (req.method === 'PUT' && idPhoto) {
        const bytes = await readBody(req);
        await air(`/api/v1/sessions/${idPhoto[1]}/id-photo`, { method: 'PUT', body: bytes, type: 'image/jpeg' });
        send(res, 204, undefined);
      } else if (req.method === 'POST' && end?.[1]) {
        // A real bank checks that the caller is this session's agent (its own staff login).
        await endSession(end[1]);
        send(res, 204, undefined);
      } else if (route === 'POST /bank/api/auditor-token') {
        // A real bank authenticates its compliance officer first (SSO); the demo has one.
        const issued = await air('/api/v1/auditor-tokens', {
          method: 'POST',
          json: { auditorId: 'compliance-demo', displayName: 'Compliance officer', ttlSeconds: 3600 },
        });
        send(res, 200, issued);
      } else {
        send(res, 404, { error: { code: 'NOT_FOUND', message: 'no such bank route' } });
      }
    } catch (error) {
      if (error instanceof BankError) send(res, error.status, error.body);
      else
        send(res, 500, {
          error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
        });
    }
    return true;
  }

  return { handle, createSession, endSession };
}

class BankError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    super(`AirCounter answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(text);
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > MAX_BODY_BYTES) throw new BankError(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'too large' } });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const bytes = await readBody(req);
  if (bytes.byteLength === 0) return {};
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new BankError(400, { error: { code: 'MALFORMED_MESSAGE', message: 'body is not JSON' } });
  }
}
