import { requireApiKey } from '../auth/api-key.ts';
import type { Secret } from '../secret.ts';
import type { RouteHandler } from './router.ts';

/** Wraps a route of the bank back-end API: `Authorization: Bearer <AIR_API_KEY>` or 401. */
export function apiKeyRoute(apiKey: Secret, handler: RouteHandler): RouteHandler {
  return (request) => {
    requireApiKey(request.req.headers, apiKey);
    return handler(request);
  };
}
