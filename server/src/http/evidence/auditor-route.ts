import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidFileName, isValidSessionId, type AccessRecord } from '@aircounter/evidence';
import { AirError, ERRORS } from '@aircounter/protocol';
import { bearerCredential } from '../../auth/api-key.ts';
import { describeScope, inScope } from '../../auth/auditor.ts';
import type { AuditorClaims } from '../../auth/tokens.ts';
import type { AccessLog } from '../../evidence/access-log.ts';
import type { RouteHandler, RouteRequest } from '../router.ts';

export interface AuditorRouteDeps {
  readonly verifyAuditorToken: (token: string | undefined) => Promise<AuditorClaims>;
  readonly accessLog: AccessLog;
  /** Creation time of a session's evidence (ISO), undefined when there is none: what a time scope is checked on. */
  readonly createdAtOf: (sessionId: string) => Promise<string | null | undefined>;
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
 * Wraps an auditor API route. In order, before any evidence is looked up:
 * the path's session id and file name are checked for shape and length (an
 * ill-shaped one is INVALID_PARAMS, logged as null — never as sent — so an
 * entry stays within its size bound); only a valid auditor token (aud
 * `aircounter-evidence`) passes, join tokens and the bank's API key are
 * refused; a session outside the token's scope is FORBIDDEN_SCOPE. Every
 * request — granted or not — is written to the hash-chained access log
 * *before* any evidence byte is sent: if the access cannot be recorded,
 * nothing is served.
 */
export function auditorRoute(deps: AuditorRouteDeps, action: string, handler: AuditorHandler): RouteHandler {
  return async (request) => {
    const { req, res, params } = request;
    const rawSession = params['id'];
    const rawFile = params['name'];
    const shapeError =
      rawSession !== undefined && !isValidSessionId(rawSession)
        ? new AirError('INVALID_PARAMS', 'invalid session id')
        : rawFile !== undefined && !isValidFileName(rawFile)
          ? new AirError('INVALID_PARAMS', 'invalid evidence file name')
          : undefined;
    const base = {
      actor: null,
      role: null,
      scope: null,
      action,
      sessionId: shapeError ? null : (rawSession ?? null),
      file: shapeError ? null : (rawFile ?? null),
      range: null,
      remoteAddress: req.socket.remoteAddress ?? null,
    } satisfies Partial<AccessRecord>;
    let auditor: AuditorClaims;
    try {
      auditor = await deps.verifyAuditorToken(bearerCredential(req.headers));
    } catch (error) {
      // An ill-shaped path is refused as such whoever asks (400, not 401): it names nothing.
      const refused = shapeError ?? asAirError(error);
      await deps.accessLog.record({ ...base, ...failure(refused) });
      throw refused;
    }
    const who = { actor: auditor.auditorId, role: auditor.role, scope: describeScope(auditor.scope) };
    let outcome: Outcome;
    try {
      if (shapeError) throw shapeError;
      if (rawSession !== undefined && auditor.scope !== undefined) {
        const createdAt = await deps.createdAtOf(rawSession);
        // An unknown session is refused like one out of scope: a scoped token learns nothing about others.
        if (createdAt === undefined || !inScope(auditor.scope, { sessionId: rawSession, createdAt })) {
          throw new AirError('FORBIDDEN_SCOPE', 'this session is outside the auditor token’s scope');
        }
      }
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
  return error instanceof AirError ? error : new AirError('INTERNAL', 'internal error', { cause: error });
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
