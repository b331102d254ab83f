/**
 * The signaling URL a join token names (its `srv` claim), read without
 * verifying the token — the server does that. Several AirCounter nodes share
 * one database: the token the bank's back end fetches names the node hosting
 * the session, so each (re)connection goes where the session runs now.
 * Undefined when the token names none (one node), cannot be read, or names
 * something other than a ws(s) URL; an unencrypted `ws:` URL is ignored when
 * the page's own server URL is `wss:`.
 */
export function signalingUrlOfToken(token: string, configured: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined || payload === '') return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const claims: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0))));
    if (typeof claims !== 'object' || claims === null || !('srv' in claims) || typeof claims.srv !== 'string') {
      return undefined;
    }
    const url = new URL(claims.srv);
    if (url.protocol !== 'wss:' && url.protocol !== 'ws:') return undefined;
    if (url.protocol === 'ws:' && new URL(configured).protocol === 'wss:') return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}
