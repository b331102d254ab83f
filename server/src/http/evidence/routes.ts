import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import {
  EVIDENCE_API_PATH,
  fromBase64Url,
  fromUtf8,
  isPackageStatus,
  isValidFileName,
  isValidSessionId,
  mediaTypeFor,
  PACKAGE_STATUSES,
  SIGNING_KEYS_PATH,
  toBase64Url,
  utf8,
  type SessionPage,
  type SessionSummary,
} from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import type { AuditorScope } from '../../auth/auditor.ts';
import type { AuditorClaims } from '../../auth/tokens.ts';
import type { EvidenceIndex, PackageQuery, PackageScope } from '../../evidence/evidence-index.ts';
import type { EvidenceService } from '../../evidence/evidence-service.ts';
import type { HttpRouter } from '../router.ts';
import { sendJson } from '../respond.ts';
import { auditorRoute, isHead, type Outcome } from './auditor-route.ts';
import { decideRange } from './range.ts';

export interface EvidenceRouteDeps {
  readonly http: HttpRouter;
  readonly evidence: EvidenceService;
  /** The packages' summaries (the store's `evidence_packages`): listing never reads the packages. */
  readonly index: EvidenceIndex;
  readonly verifyAuditorToken: (token: string | undefined) => Promise<AuditorClaims>;
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/**
 * The auditor REST API (docs/architecture.md, "Evidence") and the public
 * signing keys. Every auditor route reads through {@link EvidenceService}
 * and is access-logged by {@link auditorRoute}.
 */
export function registerEvidenceRoutes(deps: EvidenceRouteDeps): void {
  const { http, evidence, index } = deps;
  /** A package's summary from the index; one the index lacks is read from the package and indexed. */
  const summaryOf = async (sessionId: string): Promise<SessionSummary | undefined> => {
    const indexed = await index.get(sessionId);
    if (indexed !== undefined) return indexed;
    const summary = await evidence.summarize(sessionId);
    if (summary?.createdAt == null) return undefined;
    await index.put(summary);
    return summary;
  };
  const guard = {
    verifyAuditorToken: deps.verifyAuditorToken,
    accessLog: evidence.accessLog,
    createdAtOf: async (sessionId: string) => (await summaryOf(sessionId))?.createdAt,
  };
  const base = `${EVIDENCE_API_PATH}/sessions`;

  http.add('GET', SIGNING_KEYS_PATH, ({ res }) =>
    sendJson(res, 200, evidence.keys.jwks(), { 'cache-control': 'public, max-age=300' }),
  );

  http.add(
    'GET',
    base,
    auditorRoute(guard, 'listSessions', async ({ url, auditor }) => {
      const query = listQuery(url.searchParams, scopeOf(auditor.scope));
      const rows = await index.list(query);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor =
        rows.length > query.limit && last
          ? toBase64Url(utf8(JSON.stringify({ createdAt: last.createdAt ?? '', sessionId: last.sessionId })))
          : null;
      const body: SessionPage = { sessions: page, nextCursor };
      return json(200, body);
    }),
  );

  http.add(
    'GET',
    `${base}/:id`,
    auditorRoute(guard, 'getSession', async ({ params }) => {
      const sessionId = sessionIdOf(params);
      const summary = await summaryOf(sessionId);
      if (!summary) throw notFound(sessionId);
      return json(200, { session: summary, files: await listFiles(evidence, sessionId) });
    }),
  );

  http.add(
    'GET',
    `${base}/:id/files`,
    auditorRoute(guard, 'listFiles', async ({ params }) => {
      const sessionId = sessionIdOf(params);
      const files = await listFiles(evidence, sessionId);
      if (files.length === 0) throw notFound(sessionId);
      return json(200, { sessionId, files });
    }),
  );

  http.add(
    'GET',
    `${base}/:id/manifest`,
    auditorRoute(guard, 'getManifest', async ({ params }) => {
      const sessionId = sessionIdOf(params);
      const finalized = await evidence.readFinalized(sessionId);
      if (!finalized) {
        throw new AirError('EVIDENCE_NOT_FOUND', `session ${sessionId} has no signed manifest (not finalized)`);
      }
      return json(200, finalized);
    }),
  );

  http.add(
    'GET',
    `${base}/:id/events`,
    auditorRoute(guard, 'getEvents', async ({ params }) => {
      const sessionId = sessionIdOf(params);
      const entries = await evidence.readEvents(sessionId);
      if (!entries) throw notFound(sessionId);
      return json(200, { sessionId, finalized: await evidence.isFinalized(sessionId), entries });
    }),
  );

  http.add(
    'GET',
    `${base}/:id/files/:name`,
    auditorRoute(guard, 'getFile', async ({ params, req }) => {
      const sessionId = sessionIdOf(params);
      const name = params['name'] ?? '';
      if (!isValidFileName(name)) throw new AirError('INVALID_PARAMS', 'invalid evidence file name');
      const info = await evidence.store.stat(sessionId, name);
      if (!info) throw new AirError('EVIDENCE_NOT_FOUND', `${name} not found in session ${sessionId}`);
      const common = {
        'content-type': mediaTypeFor(name),
        'accept-ranges': 'bytes',
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'content-disposition': `attachment; filename="${name}"`,
      };
      const decision = decideRange(req.headers.range, info.size);
      if (decision.kind === 'unsatisfiable') {
        return {
          status: 416,
          range: req.headers.range ?? '',
          send: (res) => {
            res.writeHead(416, { ...common, 'content-range': `bytes */${info.size}`, 'content-length': 0 });
            res.end();
          },
        };
      }
      const range = decision.kind === 'partial' ? { start: decision.start, end: decision.end } : undefined;
      const length = range ? range.end - range.start + 1 : info.size;
      const status = range ? 206 : 200;
      return {
        status,
        ...(range ? { range: `bytes=${range.start}-${range.end}` } : {}),
        send: async (res) => {
          res.writeHead(status, {
            ...common,
            'content-length': length,
            ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${info.size}` } : {}),
          });
          if (isHead(req)) {
            res.end();
            return;
          }
          const stream = await evidence.store.read(sessionId, name, range);
          if (!stream) throw notFound(sessionId);
          await pipeline(stream, res);
        },
      };
    }),
  );
}

function json(status: number, body: unknown): Outcome {
  return { status, send: (res: ServerResponse) => sendJson(res, status, body) };
}

function sessionIdOf(params: Readonly<Record<string, string>>): string {
  const sessionId = params['id'] ?? '';
  if (!isValidSessionId(sessionId)) throw new AirError('INVALID_PARAMS', 'invalid session id');
  return sessionId;
}

function notFound(sessionId: string): AirError {
  return new AirError('EVIDENCE_NOT_FOUND', `no evidence for session ${sessionId}`);
}

async function listFiles(evidence: EvidenceService, sessionId: string) {
  const objects = await evidence.store.list(sessionId);
  return objects.map((object) => ({ ...object, mediaType: mediaTypeFor(object.name) }));
}

function timeParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new AirError('INVALID_PARAMS', `${name} must be an ISO 8601 time or epoch ms`);
  return ms;
}

/** The auditor's scope in the index's terms (a window in ms). */
function scopeOf(scope: AuditorScope | undefined): PackageScope {
  if (scope === undefined) return {};
  return {
    ...(scope.sessionIds === undefined ? {} : { sessionIds: scope.sessionIds }),
    ...(scope.from === undefined ? {} : { fromMs: Date.parse(scope.from) }),
    ...(scope.to === undefined ? {} : { toMs: Date.parse(scope.to) }),
  };
}

/**
 * The list request's filters — `from`/`to` (creation time, inclusive),
 * `agentId`, `status` — and its page: `limit` (1–200, default 50) and the
 * keyset `cursor` (the last item of the previous page, so sessions created
 * meanwhile neither repeat nor shift pages).
 */
function listQuery(params: URLSearchParams, scope: PackageScope): PackageQuery {
  const fromMs = timeParam(params, 'from');
  const toMs = timeParam(params, 'to');
  const agentId = params.get('agentId');
  const status = params.get('status');
  if (status !== null && !isPackageStatus(status)) {
    throw new AirError('INVALID_PARAMS', `status must be one of ${PACKAGE_STATUSES.join(', ')}`);
  }
  const limitText = params.get('limit');
  const limit = limitText === null ? DEFAULT_PAGE : Number(limitText);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new AirError('INVALID_PARAMS', `limit must be an integer from 1 to ${MAX_PAGE}`);
  }
  const cursorText = params.get('cursor');
  return {
    scope,
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
    ...(agentId === null ? {} : { agentId }),
    ...(status === null ? {} : { status }),
    ...(cursorText === null ? {} : { after: decodeCursor(cursorText) }),
    limit,
  };
}

interface Cursor {
  readonly createdAt: string;
  readonly sessionId: string;
}

function decodeCursor(text: string): Cursor {
  const bytes = fromBase64Url(text);
  try {
    const value: unknown = bytes === undefined ? undefined : JSON.parse(fromUtf8(bytes));
    const cursor = value as Partial<Cursor> | undefined;
    if (typeof cursor?.createdAt === 'string' && typeof cursor.sessionId === 'string') {
      return { createdAt: cursor.createdAt, sessionId: cursor.sessionId };
    }
  } catch (error) {
    throw new AirError('INVALID_PARAMS', 'cursor is not one this API issued', { cause: error });
  }
  throw new AirError('INVALID_PARAMS', 'cursor is not one this API issued');
}
