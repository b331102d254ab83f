/** A desk token and when it stops working. */
export interface IssuedDeskToken {
  readonly token: string;
  /** Unix milliseconds. */
  readonly expiresAt: number;
}

/** Renew this long before the expiry, so a call in flight never carries a token that runs out on the way. */
const RENEW_BEFORE_MS = 60_000;

/**
 * The desk client asks for its token before every call (a poll every few
 * seconds): this hands out the same token until shortly before it expires,
 * and asks the bank once for a new one however many calls wait for it.
 */
export function cachedDeskToken(
  issue: () => Promise<IssuedDeskToken>,
  now: () => number = Date.now,
): () => Promise<string> {
  let current: IssuedDeskToken | undefined;
  let pending: Promise<IssuedDeskToken> | undefined;
  return async () => {
    if (current && current.expiresAt - RENEW_BEFORE_MS > now()) return current.token;
    pending ??= issue().finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current.token;
  };
}

/** Why the bank gave no desk token: not logged in, not an authorizer, or another failure. */
export class DeskTokenRefused extends Error {
  readonly status: number;
  constructor(status: number) {
    super(`the bank refused a desk token (HTTP ${status})`);
    this.status = status;
  }
}

/** Asks the bank's back end for a desk token for the logged-in staff member (the login cookie rides along). */
export async function fetchDeskToken(): Promise<IssuedDeskToken & { readonly displayName: string }> {
  const response = await fetch('/bank/api/desk-token', { method: 'POST', cache: 'no-store' });
  if (!response.ok) throw new DeskTokenRefused(response.status);
  const body = (await response.json()) as { token?: unknown; expiresAt?: unknown; displayName?: unknown };
  const expiresAt = typeof body.expiresAt === 'string' ? Date.parse(body.expiresAt) : NaN;
  if (typeof body.token !== 'string' || Number.isNaN(expiresAt)) throw new Error('the bank answered without a token');
  return { token: body.token, expiresAt, displayName: typeof body.displayName === 'string' ? body.displayName : '' };
}
