/**
 * A join link carries `session`, `token` and `name` in its URL fragment: the
 * fragment never leaves the browser, so the token is in no server or proxy log.
 * The page removes it from the address bar once read.
 */
export interface JoinLink {
  readonly sessionId: string;
  readonly token: string;
  readonly displayName: string;
}

export function readJoinLink(location: Location, history: History): JoinLink | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const sessionId = params.get('session');
  const token = params.get('token');
  if (!sessionId || !token) return readStoredLink();
  const link = { sessionId, token, displayName: params.get('name') ?? '' };
  // Keep it for a reload of this tab only (sessionStorage), then clean the URL.
  sessionStorage.setItem('air-demo-link', JSON.stringify(link));
  history.replaceState(null, '', location.pathname);
  return link;
}

function readStoredLink(): JoinLink | undefined {
  const stored = sessionStorage.getItem('air-demo-link');
  if (!stored) return undefined;
  const parsed: unknown = JSON.parse(stored);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const { sessionId, token, displayName } = record;
  if (typeof sessionId !== 'string' || typeof token !== 'string') return undefined;
  return { sessionId, token, displayName: typeof displayName === 'string' ? displayName : '' };
}
