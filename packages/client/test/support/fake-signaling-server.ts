// A tiny in-process signaling server for the client's unit tests: a real
// `ws` WebSocketServer on 127.0.0.1 that speaks the protocol's envelopes and
// answers with handlers the test supplies. It is not the real server (that
// one is tested against mediasoup in server/test); it isolates the client.
import type { AddressInfo } from 'node:net';
import { AirError, ERRORS, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type ErrorCode } from '@aircounter/protocol';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeConnection {
  readonly token: string;
  /** The request URL (path and query) of the upgrade. */
  readonly url: string;
  readonly socket: WebSocket;
  readonly requests: { method: string; data: unknown }[];
  notify(method: string, data: unknown): void;
  sendRaw(text: string): void;
  close(code: number, reason?: string): void;
}

export type FakeHandler = (data: unknown, connection: FakeConnection) => unknown;

export interface FakeServerOptions {
  /** Answers by method; a handler that throws an AirError answers `ok: false`. */
  readonly handlers?: Record<string, FakeHandler>;
  /** Close every new connection at once with this error's close code (as the real server refuses). */
  readonly refuseWith?: (token: string) => ErrorCode | undefined;
}

export interface FakeServer {
  readonly url: string;
  readonly connections: FakeConnection[];
  handlers: Record<string, FakeHandler>;
  refuseWith: ((token: string) => ErrorCode | undefined) | undefined;
  nextConnection(): Promise<FakeConnection>;
  close(): Promise<void>;
}

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  const waiters: ((connection: FakeConnection) => void)[] = [];

  const server: FakeServer = {
    url: `ws://127.0.0.1:${port}/signaling`,
    connections: [],
    handlers: options.handlers ?? {},
    refuseWith: options.refuseWith,
    nextConnection: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  wss.on('connection', (socket, request) => {
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const token =
      offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))?.slice(TOKEN_SUBPROTOCOL_PREFIX.length) ?? '';
    const connection: FakeConnection = {
      token,
      url: request.url ?? '',
      socket,
      requests: [],
      notify: (method, data) => socket.send(JSON.stringify({ kind: 'notification', method, data })),
      sendRaw: (text) => socket.send(text),
      close: (code, reason = '') => socket.close(code, reason),
    };
    server.connections.push(connection);
    const refusal = server.refuseWith?.(token);
    if (refusal) {
      socket.close(ERRORS[refusal].closeCode, refusal);
      return;
    }
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { id: number; method: string; data: unknown };
      connection.requests.push({ method: message.method, data: message.data });
      const handler = server.handlers[message.method];
      if (!handler) return; // silence: lets tests exercise timeouts
      Promise.resolve()
        .then(() => handler(message.data, connection))
        .then(
          (data) => socket.send(JSON.stringify({ kind: 'response', id: message.id, ok: true, data })),
          (error: unknown) => {
            const airError = error instanceof AirError ? error : new AirError('INTERNAL', String(error));
            socket.send(JSON.stringify({ kind: 'response', id: message.id, ok: false, error: airError.toPayload() }));
          },
        );
    });
    waiters.shift()?.(connection);
  });
  return server;
}
