import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { StaffRole, StaffUser } from './staff-users.ts';

/** Name of the login cookie (HttpOnly, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'demo_staff_session';

export interface StaffSessionSettings {
  /** A login lasts this long after its last use. */
  readonly idleMs: number;
  /** Most logins held at once; the least recently used is dropped beyond it. */
  readonly maxSessions: number;
  /** Set the cookie's `Secure` attribute (the demo behind HTTPS). */
  readonly secureCookie: boolean;
}

export const DEFAULT_STAFF_SESSION_SETTINGS: StaffSessionSettings = {
  idleMs: 8 * 3600 * 1000,
  maxSessions: 1000,
  secureCookie: false,
};

interface StaffSession {
  readonly user: StaffUser;
  lastUsed: number;
}

/**
 * Server-side login sessions: a random 256-bit id in an HttpOnly,
 * SameSite=Strict cookie, bounded in number and lifetime. A real bank uses
 * its own session management (or its SSO's); this is its smallest stand-in.
 */
export class StaffSessions {
  readonly #settings: StaffSessionSettings;
  readonly #now: () => number;
  /** Insertion order = least recently used first (re-inserted on use). */
  readonly #sessions = new Map<string, StaffSession>();

  constructor(settings: StaffSessionSettings = DEFAULT_STAFF_SESSION_SETTINGS, now: () => number = Date.now) {
    this.#settings = settings;
    this.#now = now;
  }

  /** Starts a login; returns the Set-Cookie header value. */
  start(user: StaffUser): string {
    this.#prune();
    while (this.#sessions.size >= this.#settings.maxSessions) {
      const oldest = this.#sessions.keys().next().value;
      if (oldest === undefined) break;
      this.#sessions.delete(oldest);
    }
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, { user, lastUsed: this.#now() });
    return this.#cookie(id, Math.floor(this.#settings.idleMs / 1000));
  }

  /** The logged-in user of a request, if any (and refreshes the login's idle timer). */
  userOf(req: IncomingMessage): StaffUser | undefined {
    const id = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    if (this.#now() - session.lastUsed > this.#settings.idleMs) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastUsed = this.#now();
    this.#sessions.delete(id);
    this.#sessions.set(id, session);
    return session.user;
  }

  /** Ends the request's login; returns the Set-Cookie header that clears the cookie. */
  end(req: IncomingMessage): string {
    const id = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (id !== undefined) this.#sessions.delete(id);
    return this.#cookie('', 0);
  }

  get size(): number {
    return this.#sessions.size;
  }

  #prune(): void {
    const now = this.#now();
    for (const [id, session] of this.#sessions) {
      if (now - session.lastUsed > this.#settings.idleMs) this.#sessions.delete(id);
    }
  }

  #cookie(value: string, maxAgeSeconds: number): string {
    const secure = this.#settings.secureCookie ? '; Secure' : '';
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Which staff role may do what in the demo back end (least privilege). */
export const PERMISSIONS = {
  /** Open a session and hand out its join links; list sessions with their links. */
  manageSessions: ['agent', 'supervisor'],
  /** Set the ID photo that is the face match's reference. */
  setIdPhoto: ['agent', 'supervisor'],
  /** End a session for everyone. */
  endSession: ['agent', 'supervisor'],
  /** Obtain an auditor token for the compliance portal. */
  readEvidence: ['compliance'],
  /** Obtain a desk token to decide remote authorizations (also needs an authorizer level). */
  authorize: ['supervisor'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allowed(user: StaffUser, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(user.role);
}

/**
 * CSRF defence beside SameSite=Strict: a state-changing request must come
 * from this origin. Browsers send `Sec-Fetch-Site` (and `Origin` on POST);
 * a request that carries either must name this site. Clients that send
 * neither (curl, tests) are not browsers and carry no ambient cookie risk.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
