import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A stand-in for the bank's own back end. It is the only holder of the
 * AirCounter API key and talks to AirCounter's REST API exactly as a bank's
 * back end would (over HTTP, with the key). Pages never see the key: they get
 * join links whose token sits in the URL fragment (never sent to a server, so
 * never in an access log).
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

interface DemoSession {
  readonly sessionId: string;
  readonly reference: string;
  readonly createdAt: string;
  readonly links: Readonly<Record<'customer' | 'agent' | 'supervisor', string>>;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;
/** Callback requests kept (oldest dropped first); one per session. */
const MAX_CALLBACKS = 1000;

/** A customer asked to be called back by a person (e.g. could not allow the camera). */
export interface CallbackRequest {
  readonly sessionId: string;
  readonly reference: string;
  /** What kept the customer from continuing, e.g. `denied`. */
  readonly problem: string;
  readonly locale: string;
  readonly requestedAt: string;
}

const PROBLEM_PATTERN = /^[a-z-]{1,32}$/;
const LOCALE_PATTERN = /^[A-Za-z-]{1,16}$/;

export function createBankBackend(options: BankBackendOptions) {
  const sessions: DemoSession[] = [];
  const callbacks: CallbackRequest[] = [];

  /**
   * Records a callback request for one of this bank's sessions (idempotent:
   * a customer pressing twice asks once). A real bank puts it in its
   * advisors' queue and calls the customer on the number it has on file.
   */
  function requestCallback(sessionId: string, body: unknown): CallbackRequest {
    const session = sessions.find((candidate) => candidate.sessionId === sessionId);
    if (!session) throw new BankError(404, { error: { code: 'NOT_FOUND', message: 'no such session' } });
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const problem =
      typeof input['problem'] === 'string' && PROBLEM_PATTERN.test(input['problem']) ? input['problem'] : 'other';
    const locale =
      typeof input['locale'] === 'string' && LOCALE_PATTERN.test(input['locale']) ? input['locale'] : 'zh-Hans';
    const existing = callbacks.find((request) => request.sessionId === sessionId);
    if (existing) return existing;
    const request: CallbackRequest = {
      sessionId,
      reference: session.reference,
      problem,
      locale,
      requestedAt: new Date().toISOString(),
    };
    callbacks.unshift(request);
    if (callbacks.length > MAX_CALLBACKS) callbacks.pop();
    return request;
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

  async function joinLink(
    sessionId: string,
    role: 'customer' | 'agent' | 'supervisor',
    displayName: string,
  ): Promise<string> {
    const issued = (await air(`/api/v1/sessions/${sessionId}/tokens`, {
      method: 'POST',
      json: { role, peerId: `${role}-${randomUUID().slice(0, 8)}`, displayName, ttlSeconds: options.linkTtlSeconds },
    })) as { token: string };
    const fragment = new URLSearchParams({ session: sessionId, token: issued.token, name: displayName });
    return `${options.publicBaseUrl}/${role}.html#${fragment.toString()}`;
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
        customer: await joinLink(created.sessionId, 'customer', input.customerName || 'Customer'),
        agent: await joinLink(created.sessionId, 'agent', input.agentName || 'Agent'),
        supervisor: await joinLink(created.sessionId, 'supervisor', 'Supervisor'),
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
      const callback = /^\/bank\/api\/sessions\/([A-Za-z0-9._:@-]+)\/callback$/.exec(url.pathname);
      if (route === 'POST /bank/api/sessions') {
        const body = (await readJsonBody(req)) as { customerName?: string; agentName?: string };
        send(res, 201, await createSession(body));
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
      } else if (req.method === 'POST' && callback?.[1]) {
        // The customer's join link names the session; a real bank also checks its own customer login.
        send(res, 201, requestCallback(callback[1], await readJsonBody(req)));
      } else if (route === 'GET /bank/api/callbacks') {
        // The advisors' list (a real bank puts this behind its staff login).
        send(res, 200, { callbacks });
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

  return { handle, createSession, endSession, callbacks: (): readonly CallbackRequest[] => [...callbacks] };
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
