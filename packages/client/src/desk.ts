import { AirError, AuthorizationDecisionInput, AuthorizationView, parseOrThrow } from '@aircounter/protocol';
import * as v from 'valibot';
import { readBounded, readJsonBounded } from './http/bounded-body.ts';
import { responseError } from './http/response-error.ts';

/** Where the desk API lives on the server (docs/authorization.md, "The desk"). */
export const DESK_API_PATH = '/api/v1/desk/authorizations';
/** The most a desk JSON response may hold: a full queue of requests with their votes fits well below. */
export const DESK_MAX_JSON_BYTES = 4 * 1024 * 1024;
/** The most an attachment may hold: stills and ID photos are JPEGs of a few hundred KiB. */
export const DESK_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface DeskClientOptions {
  /** Origin (and optional base path) of the AirCounter server, e.g. `https://kyc.bank.example`. */
  serverUrl: string;
  /** The authorizer's desk token; asked for before every call, so a page can renew it. */
  getToken: () => Promise<string>;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** The pending requests offered to this authorizer, soonest deadline first, and the server's time. */
export interface DeskQueue {
  authorizations: AuthorizationView[];
  /** ISO 8601: the server's clock when it answered (countdowns use it, not the page's clock). */
  now: string;
}

/** A single-use `supervisor` join token for the request's live call. */
export interface DeskJoin {
  sessionId: string;
  token: string;
  expiresAt: string;
}

export interface DeskDecisionInput {
  decision: 'approve' | 'decline';
  reasonCode: string;
  comment?: string;
}

/**
 * An authorizer's desk over the server's REST API. Every call rejects with an
 * `AirError`: the server's refusal (`AUTHZ_FORBIDDEN`, `AUTHZ_NOT_PENDING`,
 * `AUTHZ_ALREADY_DECIDED`…), `CONNECTION_LOST` when the server cannot be
 * reached, `MALFORMED_MESSAGE` for an answer that is not what the API
 * promises; an aborted call rejects with its signal's reason.
 */
export interface DeskClient {
  queue(signal?: AbortSignal): Promise<DeskQueue>;
  open(requestId: string, signal?: AbortSignal): Promise<AuthorizationView>;
  attachment(requestId: string, sha256: string, signal?: AbortSignal): Promise<Blob>;
  join(requestId: string): Promise<DeskJoin>;
  decide(requestId: string, input: DeskDecisionInput): Promise<AuthorizationView>;
}

const DeskQueueSchema = v.object({ authorizations: v.array(AuthorizationView), now: v.string() });
const DeskJoinSchema = v.object({ sessionId: v.string(), token: v.string(), expiresAt: v.string() });

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
}

export function createDeskClient(options: DeskClientOptions): DeskClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = `${options.serverUrl.replace(/\/+$/, '')}${DESK_API_PATH}`;
  const request = (id: string, ...rest: string[]) => [id, ...rest].map(encodeURIComponent).join('/');

  async function send({ method, path, body, signal }: Call): Promise<Response> {
    const what = `${method} ${path || '/'}`;
    let token: string;
    try {
      token = await options.getToken();
    } catch (error: unknown) {
      throw AirError.from(error, 'AUTH_MISSING_TOKEN', 'desk token');
    }
    signal?.throwIfAborted();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        cache: 'no-store',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error: unknown) {
      // An abort is the caller's own doing: it keeps its reason, so it can be told apart.
      if (signal?.aborted) throw signal.reason;
      throw new AirError('CONNECTION_LOST', `${what}: the server cannot be reached`, { cause: error });
    }
    if (!response.ok) throw await responseError(response, what);
    return response;
  }

  async function json<S extends v.GenericSchema>(call: Call, schema: S): Promise<v.InferOutput<S>> {
    const what = `${call.method} ${call.path || '/'}`;
    const body = await readJsonBounded(await send(call), DESK_MAX_JSON_BYTES, what);
    const parsed = v.safeParse(schema, body);
    if (!parsed.success) throw new AirError('MALFORMED_MESSAGE', `${what}: unexpected response`);
    return parsed.output;
  }

  return {
    queue: (signal) => json({ method: 'GET', path: '', signal }, DeskQueueSchema),
    open: (requestId, signal) => json({ method: 'GET', path: `/${request(requestId)}`, signal }, AuthorizationView),
    async attachment(requestId, sha256, signal) {
      const path = `/${request(requestId, 'attachments', sha256)}`;
      const response = await send({ method: 'GET', path, signal });
      const bytes = await readBounded(response, DESK_MAX_ATTACHMENT_BYTES, `GET ${path}`);
      const type = response.headers.get('content-type') ?? 'application/octet-stream';
      return new Blob([bytes], { type });
    },
    join: (requestId) => json({ method: 'POST', path: `/${request(requestId, 'join')}`, body: {} }, DeskJoinSchema),
    async decide(requestId, input) {
      // Checked here, so a bad vote never reaches the server (a rejection, like every other failure).
      const body = parseOrThrow(AuthorizationDecisionInput, input, 'decision');
      return json({ method: 'POST', path: `/${request(requestId, 'decision')}`, body }, AuthorizationView);
    },
  };
}
