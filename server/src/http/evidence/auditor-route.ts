import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessRecord } from '@aircounter/evidence';
import { AirError, ERRORS } from '@aircounter/protocol';
import { bearerCredential } from '../../auth/api-key.ts';
import type { AuditorClaims } from '../../auth/tokens.ts';
import type { AccessLog } from '../../evidence/access-log.ts';
import type { RouteHandler, RouteRequest } from '../router.ts';

export interface AuditorRouteDeps {
  readonly verifyAuditorToken: (token: string | undefined) => Promise<AuditorClaims>;
  readonly accessLog: AccessLog;
}

/** What a handler decided, logged before anything is sent. */
export interface Outcome {
  readonly status: number;
  /** The Range served (e.g. `bytes=0-99`), for the access log. */
  readonly range?: string;
  send(res: ServerResponse): Promise<void> | void;
}

export type AuditorHandler = (request: RouteRequest & { readonly auditor: AuditorClaims }) => Promise<Outcome>;

/**
 * Wraps an auditor API route: only a valid auditor token (aud
 * `aircounter-evidence`) passes; join tokens and the bank's API key are
 * refused. Every request — granted or not — is written to the hash-chained
 * access log *before* any evidence byte is sent: if the access cannot be
 * recorded, nothing is served.
 */
export function auditorRoute(deps: AuditorRouteDeps, action: string, handler: AuditorHandler): RouteHandler {
  return async (request) => {
    const { req, res, params } = request;
    const base = {
      actor: null,
      role: null,
      action,
      sessionId: params['id'] ?? null,
      file: params['name'] ?? null,
      range: null,
      remoteAddress: req.socket.remoteAddress ?? null,
    } satisfies Partial<AccessRecord>;
    let auditor: AuditorClaims;
    try {
      auditor = await deps.verifyAuditorToken(bearerCredential(req.headers));
    } catch (error) {
      const refused = asAirError(error);
      await deps.accessLog.record({ ...base, ...failure(refused) });
      throw refused;
    }
    const who = { actor: auditor.auditorId, role: auditor.role };
    let outcome: Outcome;
    try {
      outcome = await handler({ ...request, auditor });
    } catch (error) {
      const failed = asAirError(error);
      await deps.accessLog.record({ ...base, ...who, ...failure(failed) });
      throw failed;
    }
    await deps.accessLog.record({
      ...base,
      ...who,
      range: outcome.range ?? null,
      status: outcome.status,
      result: outcome.status < 400 ? 'ok' : outcome.status === 416 ? 'invalid' : 'error',
      code: null,
    });
    await outcome.send(res);
  };
}

function asAirError(error: unknown): AirError {
  return AirError.from(error, 'INTERNAL', { message: 'internal error' });
}

function failure(error: AirError): Pick<AccessRecord, 'status' | 'result' | 'code'> {
  const status = ERRORS[error.code].httpStatus;
  const result: AccessRecord['result'] =
    status === 401 || status === 403
      ? 'denied'
      : error.code === 'EVIDENCE_NOT_FOUND'
        ? 'not-found'
        : status === 400
          ? 'invalid'
          : 'error';
  return { status, result, code: error.code };
}

/** Whether the request only wants headers. */
export function isHead(req: IncomingMessage): boolean {
  return req.method === 'HEAD';
}
