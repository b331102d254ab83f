import type { BrowserContext } from 'playwright-core';

/** Logs a demo staff account in with a plain request; returns the Cookie header for later requests. */
export async function staffCookie(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/bank/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`staff login refused: ${response.status}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (cookie === undefined) throw new Error('staff login set no cookie');
  return cookie;
}

/** Logs a demo staff account in inside a browser context (the cookie then rides on the pages' requests). */
export async function loginContext(
  context: BrowserContext,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  const response = await context.request.post(`${baseUrl}/bank/api/login`, { data: { username, password } });
  if (!response.ok()) throw new Error(`staff login refused: ${response.status()}`);
}
