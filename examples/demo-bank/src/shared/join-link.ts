/**
 * A join link carries, in its URL fragment, what the page needs to ask the
 * bank for join tokens: `session`, `role`, `peer`, `name`, the link's expiry
 * `exp` (Unix seconds) and `key`, the bank's signature over all of them. The
 * page exchanges the link for a fresh token before every connection attempt
 * (a token opens one connection). The fragment never leaves the browser, so
 * the link is in no server or proxy log; the page removes it from the address
 * bar once read.
 */
export interface JoinLink {
  readonly sessionId: string;
  readonly role: string;
  readonly peerId: string;
  readonly displayName: string;
  readonly expiresAt: number;
  readonly key: string;
}

const STORAGE_KEY = 'air-demo-link';

function fromRecord(record: Readonly<Record<string, unknown>>): JoinLink | undefined {
  const { sessionId, role, peerId, displayName, expiresAt, key } = record;
  if (typeof sessionId !== 'string' || typeof role !== 'string' || typeof peerId !== 'string') return undefined;
  if (typeof expiresAt !== 'number' || typeof key !== 'string') return undefined;
  return { sessionId, role, peerId, displayName: typeof displayName === 'string' ? displayName : '', expiresAt, key };
}

export function readJoinLink(location: Location, history: History): JoinLink | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const link = fromRecord({
    sessionId: params.get('session'),
    role: params.get('role'),
    peerId: params.get('peer'),
    displayName: params.get('name'),
    expiresAt: Number(params.get('exp')),
    key: params.get('key'),
  });
  if (!link) return readStoredLink();
  // Keep it for a reload of this tab only (sessionStorage), then clean the URL.
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(link));
  history.replaceState(null, '', location.pathname);
  return link;
}

function readStoredLink(): JoinLink | undefined {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return undefined;
  const parsed: unknown = JSON.parse(stored);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  return fromRecord(parsed as Record<string, unknown>);
}

/** A fresh join token for the link, from the bank's back end (the SDK's `getToken`). */
export async function fetchJoinToken(link: JoinLink): Promise<string> {
  const response = await fetch('/bank/api/join-token', {
    method: 'POST',
    cache: 'no-store',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      session: link.sessionId,
      role: link.role,
      peer: link.peerId,
      name: link.displayName,
      exp: link.expiresAt,
      key: link.key,
    }),
  });
  if (!response.ok) throw new Error(`the bank refused a join token (HTTP ${response.status})`);
  const body = (await response.json()) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('the bank answered without a token');
  return body.token;
}
