import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The demo's staff accounts. A real bank replaces this whole module with its
 * own identity provider (SSO, LDAP, …): AirCounter never sees staff logins,
 * only the bank back end's API key.
 */
export const STAFF_ROLES = ['agent', 'supervisor', 'compliance'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  readonly username: string;
  readonly role: StaffRole;
  readonly displayName: string;
  /**
   * The level up to which this person may decide remote authorizations (1–9,
   * docs/authorization.md); absent: not an authorizer. The bank's own HR or
   * entitlement system is the source of this in real life.
   */
  readonly authorizerLevel?: number;
}

/**
 * DEMO ONLY: the password every demo account has unless the environment sets
 * one (`DEMO_AGENT_PASSWORD`, `DEMO_SUPERVISOR_PASSWORD`,
 * `DEMO_COMPLIANCE_PASSWORD`). The demo logs a warning when it is in use.
 */
export const DEMO_DEFAULT_PASSWORD = 'demo-only-not-a-secret';

const ACCOUNTS: readonly (StaffUser & { readonly passwordVariable: string })[] = [
  { username: 'agent', role: 'agent', displayName: 'Agent Li', passwordVariable: 'DEMO_AGENT_PASSWORD' },
  {
    username: 'supervisor',
    role: 'supervisor',
    displayName: 'Supervisor Chen',
    // Level 2 decides every demo withdrawal, the large ones included (authorization-rules.ts).
    authorizerLevel: 2,
    passwordVariable: 'DEMO_SUPERVISOR_PASSWORD',
  },
  {
    username: 'compliance',
    role: 'compliance',
    displayName: 'Compliance officer Zhao',
    passwordVariable: 'DEMO_COMPLIANCE_PASSWORD',
  },
];

/** scrypt parameters (OWASP's minimum for scrypt: N=2^17, r=8, p=1). */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } as const;
const KEY_BYTES = 32;
const MAX_PASSWORD_BYTES = 256;

interface StoredUser extends StaffUser {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export interface StaffDirectory {
  /** The user when the password matches; undefined otherwise (same work either way). */
  authenticate(username: string, password: string): Promise<StaffUser | undefined>;
  /** Accounts still on {@link DEMO_DEFAULT_PASSWORD}. */
  readonly onDefaultPassword: readonly string[];
}

/** Hashes each account's password once at start-up; only salts and scrypt hashes stay in memory. */
export async function createStaffDirectory(env: Readonly<Record<string, string | undefined>>): Promise<StaffDirectory> {
  const users = new Map<string, StoredUser>();
  const onDefaultPassword: string[] = [];
  for (const { passwordVariable, ...user } of ACCOUNTS) {
    const configured = env[passwordVariable];
    if (configured === undefined || configured === '') onDefaultPassword.push(user.username);
    const salt = randomBytes(16);
    users.set(user.username, { ...user, salt, hash: await hashPassword(configured || DEMO_DEFAULT_PASSWORD, salt) });
  }
  // Unknown users are checked against a dummy hash, so timing does not tell which usernames exist.
  const dummy = { salt: randomBytes(16), hash: randomBytes(KEY_BYTES) };
  return {
    onDefaultPassword,
    async authenticate(username, password) {
      if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return undefined;
      const user = users.get(username);
      const stored = user ?? dummy;
      const matches = timingSafeEqual(await hashPassword(password, stored.salt), stored.hash);
      if (!user || !matches) return undefined;
      const { username: name, role, displayName, authorizerLevel } = user;
      return { username: name, role, displayName, ...(authorizerLevel === undefined ? {} : { authorizerLevel }) };
    },
  };
}

/** scrypt in libuv's thread pool: a login never blocks the event loop that also carries the calls. */
function hashPassword(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
