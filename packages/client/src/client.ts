import { AirError } from '@aircounter/protocol';
import { defaultMediaDevices, listDevices } from './media/devices.ts';
import { DEFAULT_RECONNECT } from './reconnect/backoff.ts';
import { LiveSession, type SessionContext } from './session.ts';
import type { Client, ClientOptions, DeviceInfo, JoinOptions, Session } from './types.ts';

/**
 * The signaling endpoint for a server base URL: `https://bank.example/kyc`
 * → `wss://bank.example/kyc/signaling`. A URL that already ends in
 * `/signaling` is kept; relative URLs resolve against the page.
 */
export function signalingUrl(serverUrl: string, base: string | undefined = globalThis.location?.href): string {
  let url: URL;
  try {
    url = new URL(serverUrl, base);
  } catch (error) {
    throw new AirError('INVALID_PARAMS', `serverUrl is not a URL: ${serverUrl}`, { cause: error });
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new AirError('INVALID_PARAMS', `serverUrl must be http(s) or ws(s), got ${url.protocol}`);
  }
  if (!url.pathname.endsWith('/signaling')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/signaling`;
  url.search = '';
  url.hash = '';
  return url.href;
}

/**
 * Creates the headless AirCounter client.
 *
 * ```ts
 * const client = createClient({ serverUrl: 'https://kyc.bank.example', getToken: ({ sessionId }) => fetchToken(sessionId) });
 * const session = await client.join({ sessionId });
 * ```
 */
export function createClient(options: ClientOptions): Client {
  const context: SessionContext = {
    signalingUrl: signalingUrl(options.serverUrl),
    getToken: options.getToken,
    mediaDevices: () => options.mediaDevices ?? defaultMediaDevices(),
    requestTimeoutMs: options.requestTimeoutMs,
    reconnect: { ...DEFAULT_RECONNECT, ...options.reconnect },
    createWebSocket: options.createWebSocket,
    handlerFactory: options.handlerFactory,
    iceTransportPolicy: options.iceTransportPolicy ?? 'all',
  };
  return {
    async join(joinOptions: JoinOptions): Promise<Session> {
      const session = new LiveSession(context, joinOptions);
      await session.start();
      return session;
    },
    listDevices(): Promise<DeviceInfo[]> {
      return listDevices(context.mediaDevices());
    },
  };
}
