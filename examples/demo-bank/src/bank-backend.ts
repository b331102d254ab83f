import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ed25519PublicJwk } from '@aircounter/evidence';
import { isJourneyLocale, type JourneyLocale } from '@aircounter/journeys';
import { DEMO_AUTHORIZATION_RULES, readPublishedRuleSet, sameRuleSet } from './authorization-rules.ts';
import { makeLoanContract } from './documents/loan-contract.ts';
import { makeProductTerms } from './documents/product-terms.ts';
import { DEMO_WEALTH_SALE } from './journeys/wealth-sale.ts';
import { LoginThrottle } from './staff/login-throttle.ts';
import { allowed, isSameOrigin, type Permission, type StaffSessions } from './staff/staff-sessions.ts';
import type { StaffDirectory, StaffUser } from './staff/staff-users.ts';

/**
 * A stand-in for the bank's own back end — written to be copied, with the
 * parts a real bank replaces marked:
 *
 * - It is the only holder of the AirCounter API key and talks to AirCounter's
 *   REST API exactly as a bank's back end would (over HTTP, with the key).
 * - Staff log in first (`staff/`: demo accounts with roles agent, supervisor,
 *   compliance; scrypt-hashed passwords; an HttpOnly, SameSite=Strict session
 *   cookie; same-origin checks on every state change). REPLACE with the
 *   bank's own identity provider and session management.
 * - Each route checks the caller's role (`PERMISSIONS`) before it creates or
 *   lists sessions, hands out join links, changes an ID photo, ends a session
 *   or issues an auditor token. A real bank also checks that the agent is
 *   assigned to *this* customer's case (its own case system).
 * - Customers never log in here: they join with the link the bank sends them,
 *   signed by the bank (in the URL fragment, never sent to a server, so never
 *   in an access log). The page exchanges it for a fresh join token before
 *   each connection attempt (`POST /bank/api/join-token`): a join token opens
 *   one connection. REPLACE the in-memory session list with the bank's case
 *   records; the demo keeps at most MAX_LISTED_SESSIONS, and drops sessions
 *   whose links expired or that ended.
 */
export interface BankBackendOptions {
  /** Where AirCounter's REST API answers, e.g. http://127.0.0.1:8080. */
  readonly airBaseUrl: string;
  readonly apiKey: string;
  /** Base of the links handed out, e.g. http://localhost:8080. */
  readonly publicBaseUrl: string;
  /** How long demo join links stay valid. */
  readonly linkTtlSeconds: number;
  readonly staff: StaffDirectory;
  readonly staffSessions: StaffSessions;
  /**
   * The evidence signing keys the bank pins for its compliance portal (from
   * its own configuration, not from the evidence server the portal checks).
   */
  readonly pinnedEvidenceKeys: readonly Ed25519PublicJwk[];
  /** Most sessions listed (default MAX_LISTED_SESSIONS). */
  readonly maxListedSessions?: number;
  readonly now?: () => number;
}

/** Most sessions the demo lists (newest first); older ones are dropped. */
export const MAX_LISTED_SESSIONS = 50;

/** Lifetime of each join token a page fetches: it only has to open one connection. */
const JOIN_TOKEN_TTL_SECONDS = 120;
/** Lifetime of a desk token: a shift's stretch at the desk; the page asks for a new one before it runs out. */
const DESK_TOKEN_TTL_SECONDS = 3600;
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
  /** The scripted journey (双录) the session runs, in the language its texts are shown in. */
  readonly journey?: { readonly id: string; readonly version: number; readonly locale: JourneyLocale };
  /** The loan contract the customer signs on video (面签), in the language it is written in. */
  readonly signing?: { readonly documentId: string; readonly title: string; readonly locale: JourneyLocale };
}

/** The id of the demo's loan contract within its session. */
export const LOAN_CONTRACT_ID = 'loan-contract';
/** The id of the product terms (产品说明书) within a session that runs the journey. */
export const PRODUCT_TERMS_ID = 'product-terms';

/** The journey a session "with the 双录 journey" runs. */
export const DEMO_JOURNEY = { id: DEMO_WEALTH_SALE.id, version: DEMO_WEALTH_SALE.version } as const;

const MAX_JSON_BYTES = 16 * 1024;
const MAX_PHOTO_BYTES = 6 * 1024 * 1024;
const MAX_NAME_LENGTH = 80;
const ID_SHAPE = '[A-Za-z0-9._:@-]{1,128}';

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
  let sessions: DemoSession[] = [];
  const callbacks: CallbackRequest[] = [];
  const now = options.now ?? Date.now;
  const throttle = new LoginThrottle({ now });
  // Links are signed, not stored: they survive a restart of the demo like the sessions they open.
  const linkKey = createHmac('sha256', options.apiKey).update('aircounter-demo-join-links').digest();
  const signLink = (claims: LinkClaims): string =>
    createHmac('sha256', linkKey)
      .update(JSON.stringify([claims.session, claims.role, claims.peer, claims.name, claims.exp]))
      .digest('base64url');

  function checkLink(record: Record<string, unknown>): LinkClaims {
    const { session, role, peer, name, exp, key } = record;
    const refused = new BankError(403, { error: { code: 'FORBIDDEN_ROLE', message: 'not a valid join link' } });
    if (typeof session !== 'string' || typeof peer !== 'string' || typeof name !== 'string') throw refused;
    if (typeof role !== 'string' || !(LINK_ROLES as readonly string[]).includes(role)) throw refused;
    if (typeof exp !== 'number' || typeof key !== 'string') throw refused;
    const claims: LinkClaims = { session, role: role as LinkRole, peer, name, exp };
    const expected = Buffer.from(signLink(claims));
    const given = Buffer.from(key);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused;
    if (exp * 1000 < now()) {
      throw new BankError(401, { error: { code: 'AUTH_EXPIRED_TOKEN', message: 'this join link has expired' } });
    }
    return claims;
  }

  /**
   * Records a callback request for one of this bank's sessions (idempotent:
   * a customer pressing twice asks once). A real bank puts it in its
   * advisors' queue and calls the customer on the number it has on file.
   */
  function requestCallback(sessionId: string, input: Record<string, unknown>): CallbackRequest {
    const session = sessions.find((candidate) => candidate.sessionId === sessionId);
    if (!session) throw new BankError(404, { error: { code: 'NOT_FOUND', message: 'no such session' } });
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

  /** Drops sessions whose links expired, and all beyond the newest MAX_LISTED_SESSIONS. */
  function prune(): void {
    const oldest = now() - options.linkTtlSeconds * 1000;
    sessions = sessions
      .filter((s) => Date.parse(s.createdAt) >= oldest)
      .slice(0, options.maxListedSessions ?? MAX_LISTED_SESSIONS);
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
      exp: Math.floor(now() / 1000) + options.linkTtlSeconds,
    };
    const fragment = new URLSearchParams({ ...claims, exp: String(claims.exp), key: signLink(claims) });
    return `${options.publicBaseUrl}/${role}.html#${fragment.toString()}`;
  }

  /** A fresh join token for a signed link (one per connection attempt). */
  async function joinToken(body: Record<string, unknown>): Promise<unknown> {
    const link = checkLink(body);
    return air(`/api/v1/sessions/${encodeURIComponent(link.session)}/tokens`, {
      method: 'POST',
      json: { role: link.role, peerId: link.peer, displayName: link.name, ttlSeconds: JOIN_TOKEN_TTL_SECONDS },
    });
  }

  /**
   * Registers the demo's journey definition with AirCounter, as a bank does
   * when it publishes a script (at start-up; the same content again is
   * accepted, so restarts are harmless). Different content under the same
   * version is refused: a changed script needs a new version.
   */
  async function registerJourneys(): Promise<void> {
    await air('/api/v1/journeys', { method: 'POST', json: DEMO_WEALTH_SALE });
  }

  /**
   * Publishes the demo's remote authorization rules (at start-up) unless
   * AirCounter already has the same ones: each publication is a new version,
   * and a restart should not add versions that change nothing. Returns the
   * version in force.
   */
  async function publishAuthorizationRules(): Promise<number> {
    let current: unknown;
    try {
      current = await air('/api/v1/authorization-rules', { method: 'GET' });
    } catch (error) {
      // 404: nothing published yet (a new installation).
      if (!(error instanceof BankError && error.status === 404)) throw error;
    }
    const published = readPublishedRuleSet(current);
    if (published && sameRuleSet(published, DEMO_AUTHORIZATION_RULES)) return versionOf(current);
    return versionOf(await air('/api/v1/authorization-rules', { method: 'PUT', json: DEMO_AUTHORIZATION_RULES }));
  }

  /**
   * A desk token for the logged-in authorizer: its identity is the staff
   * username (the same namespace as an agent's peer id, so the server can keep
   * anyone from deciding their own request), its level the one the bank grants.
   */
  async function deskToken(user: StaffUser): Promise<unknown> {
    if (user.authorizerLevel === undefined) {
      throw new BankError(403, { error: { code: 'FORBIDDEN_ROLE', message: 'not an authorizer' } });
    }
    const issued = await air('/api/v1/desk-tokens', {
      method: 'POST',
      json: {
        authorizerId: user.username,
        displayName: user.displayName,
        level: user.authorizerLevel,
        ttlSeconds: DESK_TOKEN_TTL_SECONDS,
      },
    });
    return { ...(issued as object), authorizerId: user.username, displayName: user.displayName };
  }

  async function createSession(input: {
    customerName?: string;
    agentName?: string;
    /** Run the demo's 双录 journey, its texts in this language. */
    journeyLocale?: JourneyLocale;
    /** A loan signing (面签): the contract, written in this language, is added to the session to be signed. */
    signingLocale?: JourneyLocale;
  }): Promise<DemoSession> {
    const reference = `DEMO-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 6)}`;
    const journey = input.journeyLocale ? { ...DEMO_JOURNEY, locale: input.journeyLocale } : undefined;
    const created = (await air('/api/v1/sessions', {
      method: 'POST',
      json: { reference, agentId: 'agent-demo', ...(journey ? { journey } : {}) },
    })) as { sessionId: string; createdAt: string };
    if (journey) await addProductTerms(created.sessionId, journey.locale);
    const signing = input.signingLocale ? await addLoanContract(created.sessionId, input.signingLocale) : undefined;
    const session: DemoSession = {
      sessionId: created.sessionId,
      reference,
      createdAt: created.createdAt,
      ...(journey ? { journey } : {}),
      ...(signing ? { signing } : {}),
      links: {
        customer: joinLink(created.sessionId, 'customer', input.customerName || 'Customer'),
        agent: joinLink(created.sessionId, 'agent', input.agentName || 'Agent'),
        supervisor: joinLink(created.sessionId, 'supervisor', 'Supervisor'),
      },
    };
    sessions.unshift(session);
    prune();
    return session;
  }

  /**
   * Adds the loan contract to the session, as a bank's loan system does once
   * the loan is approved: AirCounter checks the PDF, keeps it in the evidence
   * and tells the participants; the signature field is where the customer's
   * signature is stamped when the agent attests it.
   */
  async function addLoanContract(
    sessionId: string,
    locale: JourneyLocale,
  ): Promise<{ documentId: string; title: string; locale: JourneyLocale }> {
    const contract = await makeLoanContract(locale);
    const query = new URLSearchParams({
      title: contract.title,
      signaturePage: String(contract.field.page),
      signatureX: String(contract.field.x),
      signatureY: String(contract.field.y),
      signatureWidth: String(contract.field.width),
      signatureHeight: String(contract.field.height),
    });
    await air(`/api/v1/sessions/${encodeURIComponent(sessionId)}/documents/${LOAN_CONTRACT_ID}?${query.toString()}`, {
      method: 'PUT',
      body: contract.bytes,
      type: 'application/pdf',
    });
    return { documentId: LOAN_CONTRACT_ID, title: contract.title, locale };
  }

  /**
   * Adds the product terms of the fund the journey sells, in the script's
   * language, as the bank's product system does with the sale: to be read
   * only (no signature field), and the very file the script's document step
   * names by its SHA-256.
   */
  async function addProductTerms(sessionId: string, locale: JourneyLocale): Promise<void> {
    const terms = await makeProductTerms(locale);
    const query = new URLSearchParams({ title: terms.title });
    await air(`/api/v1/sessions/${encodeURIComponent(sessionId)}/documents/${PRODUCT_TERMS_ID}?${query.toString()}`, {
      method: 'PUT',
      body: terms.bytes,
      type: 'application/pdf',
    });
  }

  /** Ends the session for everyone; AirCounter then seals its evidence package. */
  async function endSession(sessionId: string): Promise<void> {
    await air(`/api/v1/sessions/${encodeURIComponent(sessionId)}/end`, { method: 'POST' });
    sessions = sessions.filter((s) => s.sessionId !== sessionId);
  }

  /** The logged-in staff member allowed to do `permission`, or a 401/403 BankError. */
  function requireStaff(req: IncomingMessage, permission: Permission): StaffUser {
    const user = options.staffSessions.userOf(req);
    if (!user) throw new BankError(401, { error: { code: 'LOGIN_REQUIRED', message: 'log in first' } });
    if (!allowed(user, permission)) {
      throw new BankError(403, { error: { code: 'FORBIDDEN_ROLE', message: `a ${user.role} may not do this` } });
    }
    return user;
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonBody(req);
    const username = typeof body['username'] === 'string' ? body['username'].slice(0, 64) : '';
    const password = typeof body['password'] === 'string' ? body['password'] : '';
    if (!throttle.tryAcquire(username)) {
      throw new BankError(429, { error: { code: 'RATE_LIMITED', message: 'too many attempts; wait a minute' } });
    }
    const user = await options.staff.authenticate(username, password);
    if (!user) {
      throw new BankError(401, { error: { code: 'LOGIN_FAILED', message: 'wrong username or password' } });
    }
    throttle.succeeded(username);
    res.setHeader('set-cookie', options.staffSessions.start(user));
    send(res, 200, { username: user.username, role: user.role, displayName: user.displayName });
  }

  /** Handles `/bank/api/*`; returns false for anything else. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/bank/api/')) return false;
    try {
      const method = req.method ?? 'GET';
      if (method !== 'GET' && !isSameOrigin(req)) {
        throw new BankError(403, { error: { code: 'CROSS_SITE', message: 'cross-site request refused' } });
      }
      const route = `${method} ${url.pathname}`;
      const idPhoto = new RegExp(`^/bank/api/sessions/(${ID_SHAPE})/id-photo$`).exec(url.pathname);
      const end = new RegExp(`^/bank/api/sessions/(${ID_SHAPE})/end$`).exec(url.pathname);
      const callback = new RegExp(`^/bank/api/sessions/(${ID_SHAPE})/callback$`).exec(url.pathname);
      if (route === 'POST /bank/api/login') {
        await login(req, res);
      } else if (route === 'POST /bank/api/logout') {
        res.setHeader('set-cookie', options.staffSessions.end(req));
        send(res, 204, undefined);
      } else if (route === 'POST /bank/api/join-token') {
        // Anyone holding a link signed by the bank: customers join without a staff login.
        send(res, 200, await joinToken(await readJsonBody(req)));
      } else if (route === 'GET /bank/api/me') {
        const user = options.staffSessions.userOf(req);
        if (!user) throw new BankError(401, { error: { code: 'LOGIN_REQUIRED', message: 'log in first' } });
        send(res, 200, user);
      } else if (route === 'POST /bank/api/sessions') {
        const user = requireStaff(req, 'manageSessions');
        const body = await readJsonBody(req);
        const customerName = nameOf(body['customerName']);
        const agentName = nameOf(body['agentName']) ?? user.displayName;
        const journeyLocale = journeyLocaleOf(body['journey']);
        const signingLocale = journeyLocaleOf(body['signing']);
        send(
          res,
          201,
          await createSession({
            ...(customerName ? { customerName } : {}),
            agentName,
            ...(journeyLocale ? { journeyLocale } : {}),
            ...(signingLocale ? { signingLocale } : {}),
          }),
        );
      } else if (route === 'GET /bank/api/sessions') {
        requireStaff(req, 'manageSessions');
        prune();
        send(res, 200, { sessions });
      } else if (method === 'PUT' && idPhoto?.[1]) {
        requireStaff(req, 'setIdPhoto');
        const bytes = await readBody(req, MAX_PHOTO_BYTES);
        await air(`/api/v1/sessions/${idPhoto[1]}/id-photo`, { method: 'PUT', body: bytes, type: 'image/jpeg' });
        send(res, 204, undefined);
      } else if (method === 'POST' && end?.[1]) {
        // A real bank also checks that the caller is this session's agent (its case system).
        requireStaff(req, 'endSession');
        await endSession(end[1]);
        send(res, 204, undefined);
      } else if (method === 'POST' && callback?.[1]) {
        // Customers have no staff login: their join link names the session (a real bank checks its customer login).
        send(res, 201, requestCallback(callback[1], await readJsonBody(req)));
      } else if (route === 'GET /bank/api/callbacks') {
        requireStaff(req, 'manageSessions');
        send(res, 200, { callbacks });
      } else if (route === 'POST /bank/api/auditor-token') {
        const user = requireStaff(req, 'readEvidence');
        const issued = await air('/api/v1/auditor-tokens', {
          method: 'POST',
          json: { auditorId: `staff-${user.username}`, displayName: user.displayName, ttlSeconds: 3600 },
        });
        // The portal verifies packages against the keys the bank pins, handed over with the token.
        send(res, 200, { ...(issued as object), pinnedKeys: options.pinnedEvidenceKeys });
      } else if (route === 'POST /bank/api/desk-token') {
        send(res, 200, await deskToken(requireStaff(req, 'authorize')));
      } else {
        send(res, 404, { error: { code: 'NOT_FOUND', message: 'no such bank route' } });
      }
    } catch (error) {
      if (error instanceof BankError) send(res, error.status, error.body);
      else send(res, 500, { error: { code: 'INTERNAL', message: 'the bank back end failed' } });
    }
    return true;
  }

  return {
    handle,
    registerJourneys,
    publishAuthorizationRules,
    createSession,
    endSession,
    callbacks: (): readonly CallbackRequest[] => [...callbacks],
  };
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

function versionOf(ruleSet: unknown): number {
  const version = typeof ruleSet === 'object' && ruleSet !== null ? (ruleSet as Record<string, unknown>)['version'] : 0;
  if (typeof version !== 'number') throw new Error('AirCounter answered rules without a version');
  return version;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(text);
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > maxBytes) throw new BankError(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'too large' } });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** A JSON object body (anything else is refused, as AirCounter's REST API does). */
async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const bytes = await readBody(req, MAX_JSON_BYTES);
  if (bytes.byteLength === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new BankError(400, { error: { code: 'MALFORMED_MESSAGE', message: 'body is not JSON' } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BankError(400, { error: { code: 'INVALID_PARAMS', message: 'body must be a JSON object' } });
  }
  return value as Record<string, unknown>;
}

/**
 * `journey: {locale}` or `signing: {locale}` of the session form: the
 * language of the script or the contract (zh-Hans unless another is named);
 * absent: none.
 */
function journeyLocaleOf(value: unknown): JourneyLocale | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const locale = (value as Record<string, unknown>)['locale'];
  if (locale === undefined) return 'zh-Hans';
  if (!isJourneyLocale(locale)) {
    throw new BankError(400, { error: { code: 'INVALID_PARAMS', message: 'locale: en, zh-Hans or zh-Hant' } });
  }
  return locale;
}

function nameOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_NAME_LENGTH) : undefined;
}
