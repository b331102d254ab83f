import type { BankAuthenticator } from '../auth/bank-auth.ts';
import type { RouteHandler } from './router.ts';

/**
 * Wraps a route of the bank back-end API: the call is checked first (the API
 * key, or the bank's own authentication) or refused with 401; the call and
 * the route's log lines name the caller.
 */
export function bankRoute(authenticate: BankAuthenticator, handler: RouteHandler): RouteHandler {
  return async (request) => {
    const caller = await authenticate({
      method: request.req.method ?? 'GET',
      path: request.url.pathname,
      headers: request.req.headers,
      socket: request.req.socket,
    });
    const log = request.log.child({ caller: caller.id });
    // Who called what, for the bank's audit of its own back end's calls.
    log.info('bank call', { method: request.req.method, path: request.url.pathname });
    return handler({ ...request, log });
  };
}
