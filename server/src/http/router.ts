import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import { sendError, sendJson } from './respond.ts';

export interface RouteRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Decoded `:name` segments of the pattern. */
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  readonly log: Logger;
}

export type RouteHandler = (request: RouteRequest) => Promise<void> | void;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: RouteHandler;
}

/** A request id a proxy or the bank's client may send (`X-Request-Id`), kept when it looks like an id. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id for logs and the `X-Request-Id` answer: the caller's, or a fresh one. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: readonly string[], path: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, expected] of pattern.entries()) {
    const actual = path[index] ?? '';
    if (expected.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
      params[expected.slice(1)] = decoded;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/**
 * A small method + path router on node:http. Patterns are literal segments
 * and `:name` parameters (`/api/v1/sessions/:id/tokens`). Other parts of the
 * server register their routes with `add` (evidence API, id photo, …).
 * Errors thrown by a handler become `{ error: { code, message } }`. Every
 * request gets an id (the caller's `X-Request-Id` when well-formed), answered
 * in `X-Request-Id` and carried by `request.log` on each of its log lines.
 */
export class HttpRouter {
  readonly #routes: Route[] = [];
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  add(method: string, pattern: string, handler: RouteHandler): void {
    const segments = splitPath(pattern);
    const upper = method.toUpperCase();
    // Two patterns clash when they differ only in parameter names.
    const shape = (parts: readonly string[]): string =>
      parts.map((part) => (part.startsWith(':') ? ':' : part)).join('/');
    const clash = this.#routes.find((route) => route.method === upper && shape(route.segments) === shape(segments));
    if (clash) throw new Error(`route ${upper} ${pattern} is already registered`);
    this.#routes.push({ method: upper, segments, handler });
  }

  /** Handles the request if a route's path matches (returns true), else leaves it to the caller. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = splitPath(url.pathname);
    const method = (req.method ?? 'GET').toUpperCase();
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, path);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        const requestId = requestIdOf(req);
        res.setHeader('x-request-id', requestId);
        this.#run(route, { req, res, params, url, log: this.#log.child({ requestId }) });
        return true;
      }
      allowed.push(route.method);
    }
    if (allowed.length === 0) return false;
    // 405 rather than UNKNOWN_METHOD's 400: HTTP clients and proxies understand Allow.
    sendJson(
      res,
      405,
      { error: { code: 'UNKNOWN_METHOD', message: `${method} not allowed here` } },
      { allow: allowed.join(', ') },
    );
    return true;
  }

  #run(route: Route, request: RouteRequest): void {
    const started = performance.now();
    const { res, req, url } = request;
    res.once('finish', () => {
      request.log.debug('http request', {
        method: req.method,
        path: url.pathname,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      });
    });
    Promise.resolve()
      .then(() => route.handler(request))
      .catch((error: unknown) => this.#fail(request, error));
  }

  #fail({ req, res, url, log }: RouteRequest, error: unknown): void {
    const airError =
      error instanceof AirError && error.code !== 'INTERNAL' ? error : new AirError('INTERNAL', 'internal error');
    if (airError.code === 'INTERNAL') {
      log.error('http handler failed', { method: req.method, path: url.pathname, error });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // Unread request bodies (e.g. refused as too large) would otherwise keep the socket busy.
    if (!req.complete) res.setHeader('connection', 'close');
    sendError(res, airError);
  }
}
