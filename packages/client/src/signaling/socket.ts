import {
  AirError,
  NOTIFICATIONS,
  parseNotification,
  parseResponse,
  checkSize,
  byteLength,
  ServerEnvelope,
  SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  type MethodName,
  type NotificationData,
  type NotificationName,
  type RequestData,
  type ResponseData,
} from '@aircounter/protocol';
import * as v from 'valibot';
import { TypedEmitter } from '../emitter.ts';
import { errorForClose, NORMAL_CLOSURE } from './close-codes.ts';
import { RequestTracker } from './request-tracker.ts';

/** Creates the WebSocket; replaceable for hosts without a global `WebSocket`. */
export type WebSocketFactory = (url: string, protocols: string[]) => WebSocket;

export interface SignalingSocketOptions {
  /** `ws:` or `wss:` URL of the signaling endpoint. */
  readonly url: string;
  /** Join token, sent in `Sec-WebSocket-Protocol` (never in the URL, which proxies log). */
  readonly token: string;
  readonly requestTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly createWebSocket?: WebSocketFactory;
}

/** One validated server push. */
export type Notification = { [N in NotificationName]: { method: N; data: NotificationData<N> } }[NotificationName];

export interface SignalingClose {
  readonly code: number;
  readonly reason: string;
  /** Why the connection ended; `undefined` when this side closed it. */
  readonly error: AirError | undefined;
}

export interface SignalingSocketEvents {
  notification: Notification;
  /** A frame that could not be understood. The connection stays up. */
  protocolError: AirError;
  close: SignalingClose;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** `WebSocket.OPEN`, spelled out so that a custom factory needs no global `WebSocket`. */
const WS_OPEN = 1;

const defaultWebSocket: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols);

/**
 * One signaling connection: typed, validated requests with ids and timeouts,
 * and validated notifications. It never reconnects by itself; the session
 * decides what a close means.
 */
export class SignalingSocket {
  readonly events = new TypedEmitter<SignalingSocketEvents>();
  readonly #ws: WebSocket;
  readonly #tracker: RequestTracker;
  #closed = false;

  private constructor(ws: WebSocket, requestTimeoutMs: number) {
    this.#ws = ws;
    this.#tracker = new RequestTracker(requestTimeoutMs);
    ws.addEventListener('message', (event) => this.#onMessage(event.data));
    ws.addEventListener('close', (event) => this.#onClose(event.code, event.reason));
  }

  /**
   * Opens a connection. Rejects with the close code's error when the server
   * refuses before the handshake completes, with `CONNECTION_LOST` on a
   * network error, or with `TIMEOUT`.
   */
  static open(options: SignalingSocketOptions): Promise<SignalingSocket> {
    const create = options.createWebSocket ?? defaultWebSocket;
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = create(options.url, [SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX + options.token]);
      } catch (error) {
        reject(new AirError('CONNECTION_LOST', `cannot open ${redactUrl(options.url)}`, { cause: error }));
        return;
      }
      const timer = setTimeout(() => {
        cleanup();
        ws.close(NORMAL_CLOSURE, 'connect timeout');
        reject(new AirError('TIMEOUT', `signaling did not open within ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      const onOpen = (): void => {
        cleanup();
        resolve(new SignalingSocket(ws, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS));
      };
      const onClose = (event: CloseEvent): void => {
        cleanup();
        reject(errorForClose(event.code, event.reason));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        ws.removeEventListener('open', onOpen);
        ws.removeEventListener('close', onClose);
      };
      ws.addEventListener('open', onOpen);
      // A failed handshake fires `error` then `close` (1006); the close carries the code.
      ws.addEventListener('close', onClose);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Number of requests still waiting for their response. */
  get pendingRequests(): number {
    return this.#tracker.size;
  }

  /** Sends `method` and resolves with its validated response data, or rejects with an {@link AirError}. */
  async request<M extends MethodName>(
    method: M,
    data: RequestData<M>,
    options: { timeoutMs?: number } = {},
  ): Promise<ResponseData<M>> {
    if (this.#closed || this.#ws.readyState !== WS_OPEN) {
      throw new AirError('CONNECTION_LOST', `${method}: signaling is not connected`);
    }
    const { id, response } = this.#tracker.create(method, options.timeoutMs);
    const text = JSON.stringify({ kind: 'request', id, method, data });
    try {
      checkSize(method, byteLength(text));
      this.#ws.send(text);
    } catch (error) {
      this.#tracker.fail(id, AirError.from(error, 'CONNECTION_LOST', { message: method }));
    }
    const raw = await response;
    try {
      return parseResponse(method, raw);
    } catch (error) {
      throw new AirError('MALFORMED_MESSAGE', `${method}: unexpected response from server`, { cause: error });
    }
  }

  /** Closes the connection from this side; pending requests fail with `CONNECTION_LOST`. */
  close(code: number = NORMAL_CLOSURE, reason = 'client closed'): void {
    if (this.#closed) return;
    this.#ws.close(code, reason);
    this.#finish({ code, reason, error: undefined });
  }

  #onMessage(data: unknown): void {
    if (typeof data !== 'string') {
      this.events.emit('protocolError', new AirError('MALFORMED_MESSAGE', 'binary frame on a text protocol'));
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch (error) {
      this.events.emit('protocolError', new AirError('MALFORMED_MESSAGE', 'frame is not JSON', { cause: error }));
      return;
    }
    const parsed = v.safeParse(ServerEnvelope, json);
    if (!parsed.success) {
      this.events.emit('protocolError', new AirError('MALFORMED_MESSAGE', 'frame is not a response or notification'));
      return;
    }
    const envelope = parsed.output;
    if (envelope.kind === 'response' && envelope.id === null && !envelope.ok) {
      // The server could not read a request of ours well enough to answer it by id.
      const { code, message } = envelope.error;
      this.events.emit('protocolError', new AirError(code, `server refused a request: ${message}`));
      return;
    }
    if (envelope.kind === 'response') {
      // A response to a request that already timed out has nobody waiting: nothing to do.
      this.#tracker.settle(envelope);
      return;
    }
    // Notifications this client version does not know come from a newer server: ignore them on purpose.
    if (!Object.hasOwn(NOTIFICATIONS, envelope.method)) return;
    const method = envelope.method as NotificationName;
    try {
      const notification = { method, data: parseNotification(method, envelope.data) } as Notification;
      this.events.emit('notification', notification);
    } catch (error) {
      this.events.emit(
        'protocolError',
        new AirError('MALFORMED_MESSAGE', `invalid ${method} notification`, { cause: error }),
      );
    }
  }

  #onClose(code: number, reason: string): void {
    if (this.#closed) return;
    this.#finish({ code, reason, error: errorForClose(code, reason) });
  }

  #finish(close: SignalingClose): void {
    this.#closed = true;
    this.#tracker.failAll(close.error ?? new AirError('CONNECTION_LOST', 'signaling closed by the client'));
    this.events.emit('close', close);
    this.events.removeAll();
  }
}

/** The URL without its query, for error messages (a misconfigured app might put a token there). */
function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
