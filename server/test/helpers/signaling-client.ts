import {
  parseNotification,
  ServerEnvelope,
  SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  type ErrorCode,
  type MethodName,
  type NotificationData,
  type NotificationName,
  type RequestData,
  type ResponseData,
} from '@aircounter/protocol';
import * as v from 'valibot';
import WebSocket from 'ws';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export interface ReceivedNotification {
  readonly method: NotificationName;
  readonly data: unknown;
}

/** A request refused by the server, with its typed code. */
export class RequestFailed extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

interface ConnectOptions {
  readonly sessionId?: string;
  /** Override the offered subprotocols entirely. */
  readonly protocols?: string[];
  /** false simulates a client that vanished: it stops answering pings. */
  readonly autoPong?: boolean;
}

export function protocolsFor(token: string): string[] {
  return [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
}

/**
 * A Node stand-in for the browser SDK's signaling layer. Every frame the
 * server sends is checked against the protocol's envelope and notification
 * schemas, so the tests also prove the server speaks the protocol.
 */
export class TestSignalingClient {
  readonly ws: WebSocket;
  readonly notifications: ReceivedNotification[] = [];
  /** Error responses the server sent with `id: null` (unreadable requests). */
  readonly orphanErrors: { code: ErrorCode; message: string }[] = [];
  readonly closed: Promise<Closed>;
  readonly #pending = new Map<number, { resolve: (data: unknown) => void; reject: (error: Error) => void }>();
  readonly #waiters = new Set<() => void>();
  #nextId = 1;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => {
        for (const { reject } of this.#pending.values()) reject(new Error(`socket closed (${code})`));
        this.#pending.clear();
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('message', (raw) => this.#onMessage(String(raw)));
  }

  /** Opens a socket; resolves once open (a refused socket opens, then closes with a code). */
  static async open(
    url: string,
    token: string | undefined,
    options: ConnectOptions = {},
  ): Promise<TestSignalingClient> {
    const target = options.sessionId === undefined ? url : `${url}?sessionId=${encodeURIComponent(options.sessionId)}`;
    const protocols = options.protocols ?? (token === undefined ? [SUBPROTOCOL] : protocolsFor(token));
    const ws = new WebSocket(target, protocols, { autoPong: options.autoPong ?? true });
    const client = new TestSignalingClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Opens a socket the server is expected to refuse; returns how it was closed. */
  static async refused(url: string, token: string | undefined, options: ConnectOptions = {}): Promise<Closed> {
    const client = await TestSignalingClient.open(url, token, options);
    return client.closed;
  }

  async request<M extends MethodName>(
    method: M,
    data: RequestData<M> | Record<string, unknown>,
  ): Promise<ResponseData<M>> {
    const id = this.#nextId++;
    const result = new Promise<unknown>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.ws.send(JSON.stringify({ kind: 'request', id, method, data }));
    return (await result) as ResponseData<M>;
  }

  /** Sends a request and returns the error code it was refused with. */
  async refusal(method: string, data: unknown): Promise<ErrorCode> {
    try {
      await this.request(method as MethodName, data as Record<string, unknown>);
    } catch (error) {
      if (error instanceof RequestFailed) return error.code;
      throw error;
    }
    throw new Error(`${method} was expected to fail`);
  }

  /** Sends a hand-written frame expected to be answered under `id`; resolves with the error code. */
  async rawRefusal(id: number, text: string): Promise<ErrorCode> {
    const result = new Promise<unknown>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.ws.send(text);
    try {
      await result;
    } catch (error) {
      if (error instanceof RequestFailed) return error.code;
      throw error;
    }
    throw new Error(`frame ${id} was expected to be refused`);
  }

  sendRaw(text: string | Buffer): void {
    this.ws.send(text);
  }

  /** Resolves with the first notification (already received or to come) that matches. */
  async waitFor<N extends NotificationName>(
    method: N,
    matches: (data: NotificationData<N>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<NotificationData<N>> {
    const find = (): NotificationData<N> | undefined => {
      for (const item of this.notifications) {
        if (item.method === method && matches(item.data as NotificationData<N>))
          return item.data as NotificationData<N>;
      }
      return undefined;
    };
    return this.#until(find, timeoutMs, `no ${method} notification within ${timeoutMs} ms`);
  }

  /** Waits for the next orphan error (id null). */
  nextOrphanError(timeoutMs = 5000): Promise<{ code: ErrorCode; message: string }> {
    const start = this.orphanErrors.length;
    return this.#until(() => this.orphanErrors[start], timeoutMs, 'no orphan error');
  }

  /** Resolves with what `find` returns once it returns something, checked on every message; rejects after `timeoutMs`. */
  #until<T>(find: () => T | undefined, timeoutMs: number, failure: string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const item = find();
        if (item === undefined) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(failure));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  count(method: NotificationName): number {
    return this.notifications.filter((item) => item.method === method).length;
  }

  async close(): Promise<Closed> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    return this.closed;
  }

  #onMessage(text: string): void {
    const envelope = v.parse(ServerEnvelope, JSON.parse(text));
    if (envelope.kind === 'notification') {
      const method = envelope.method as NotificationName;
      this.notifications.push({ method, data: parseNotification(method, envelope.data) });
      for (const waiter of [...this.#waiters]) waiter();
      return;
    }
    if (envelope.ok) {
      const pending = this.#pending.get(envelope.id);
      this.#pending.delete(envelope.id);
      pending?.resolve(envelope.data);
      return;
    }
    if (envelope.id === null) {
      this.orphanErrors.push(envelope.error);
      for (const waiter of [...this.#waiters]) waiter();
      return;
    }
    const pending = this.#pending.get(envelope.id);
    this.#pending.delete(envelope.id);
    pending?.reject(new RequestFailed(envelope.error.code, envelope.error.message));
  }
}
