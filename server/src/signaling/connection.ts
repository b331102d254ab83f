import {
  AirError,
  ERRORS,
  parseResponse,
  SerialQueue,
  type ErrorCode,
  type MethodName,
  type NotificationData,
  type NotificationName,
  type NotificationEnvelope,
  type ResponseEnvelope,
} from '@aircounter/protocol';
import { WebSocket, type RawData } from 'ws';
import type { JoinClaims } from '../auth/tokens.ts';
import type { Logger } from '../log.ts';
import type { PeerLink } from '../media/link.ts';
import type { AirServices } from '../services.ts';
import type { HandlerContext } from './context.ts';
import { parseIncoming } from './dispatch.ts';
import { handlerFor, type HandlerTable } from './handlers/index.ts';
import { StrikeCounter, TokenBucket } from './rate-limit.ts';

/** Requests waiting behind the one in progress; more is a flood. */
const MAX_QUEUED_REQUESTS = 32;
/** A client this far behind on reading is gone or hostile: drop it rather than buffer without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const STRIKE_WINDOW_MS = 60_000;
const MAX_ERROR_MESSAGE = 1000;
/** Close code when the server goes away (RFC 6455 "going away"). */
const GOING_AWAY = 1001;
/** setTimeout's largest delay (~24.8 days); longer than any token's lifetime. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * One authenticated WebSocket: validates every frame, runs the requests of
 * this connection one at a time (so a client's join and createTransport can
 * never race), answers each with exactly one response, and pushes
 * notifications. Bad messages get typed errors; the connection survives
 * them until they add up to abuse.
 */
export class SignalingConnection implements PeerLink {
  readonly identity: JoinClaims;
  readonly #ws: WebSocket;
  readonly #services: AirServices;
  readonly #handlers: HandlerTable;
  readonly #log: Logger;
  readonly #context: HandlerContext;
  readonly #bucket: TokenBucket;
  readonly #strikes: StrikeCounter;
  /** Requests of this connection run one at a time, in order. */
  readonly #queue = new SerialQueue();
  /** Pings sent since the last pong; the socket is gone once this reaches the configured maximum. */
  #missed = 0;
  readonly #maxMissed: number;
  readonly #expiry: NodeJS.Timeout;
  /** Set once the server decided to close: why, for the room's bookkeeping. */
  #ending: 'session-ended' | 'kicked' | 'token-expired' | undefined;

  constructor(details: { ws: WebSocket; identity: JoinClaims; services: AirServices; handlers: HandlerTable }) {
    this.#ws = details.ws;
    this.identity = details.identity;
    this.#services = details.services;
    this.#handlers = details.handlers;
    const signaling = details.services.config.signaling;
    this.#log = details.services.log.child({
      sessionId: details.identity.sessionId,
      peerId: details.identity.peerId,
      role: details.identity.role,
    });
    this.#bucket = new TokenBucket({ perSecond: signaling.rateLimitPerSecond, burst: signaling.rateLimitBurst });
    this.#strikes = new StrikeCounter({ max: signaling.maxBadMessages, windowMs: STRIKE_WINDOW_MS });
    this.#context = {
      identity: details.identity,
      services: details.services,
      config: details.services.config,
      log: this.#log,
      link: this,
      membership: undefined,
    };
    this.#ws.on('message', (data, isBinary) => this.#onMessage(toBuffer(data), isBinary));
    this.#maxMissed = signaling.heartbeatMaxMissed;
    this.#ws.on('pong', () => {
      this.#missed = 0;
    });
    // A token is a promise about who is on the line until `exp`: past it (and a grace), the client must
    // reconnect with a fresh one; its seat is held as for any dropped connection.
    const graceMs = details.services.config.auth.expiryGraceSeconds * 1000;
    const dueInMs = Math.max(0, details.identity.expiresAt + graceMs - Date.now());
    this.#expiry = setTimeout(() => this.#expire(), Math.min(dueInMs, MAX_TIMER_MS));
    this.#expiry.unref();
    this.#ws.on('close', (code) => this.#onClose(code));
    this.#ws.on('error', (error) => this.#log.warn('signaling socket error', { error }));
  }

  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN && this.#ending === undefined;
  }

  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    const envelope: NotificationEnvelope = { kind: 'notification', method: name, data };
    this.#send(envelope);
  }

  end(reason: string, code?: ErrorCode): void {
    if (this.#ending) return;
    // No code: the server goes away but the session does not end (it is in the store); the client reconnects.
    if (code !== undefined) this.notify('sessionEnded', { reason, code });
    this.#ending = 'session-ended';
    this.#ws.close(code === undefined ? GOING_AWAY : ERRORS[code].closeCode, code ?? reason.slice(0, 100));
  }

  /** Closes with an error's close code, e.g. RATE_LIMITED after abuse. */
  closeWith(code: ErrorCode, message: string): void {
    if (this.#ending) return;
    this.#ending = 'kicked';
    this.#log.warn('closing signaling connection', { code, reason: message });
    this.#ws.close(ERRORS[code].closeCode, code);
  }

  /**
   * Called on every heartbeat tick. A socket that left the configured number
   * of consecutive pings unanswered has vanished (mobile network gone, laptop
   * lid closed) and is ended; one late pong is not enough, so that a slow
   * network cannot hand the seat to whoever else holds the same identity.
   */
  heartbeat(): void {
    if (this.#missed >= this.#maxMissed) {
      this.#log.info('signaling peer vanished (no pong)', { missed: this.#missed });
      this.#ws.terminate();
      return;
    }
    this.#missed += 1;
    this.#ws.ping();
  }

  terminate(): void {
    this.#ws.terminate();
  }

  #onMessage(frame: Buffer, isBinary: boolean): void {
    if (this.#ending) return;
    const parsed = parseIncoming(frame, isBinary, this.identity.role);
    if (!parsed.ok) {
      this.#refuse(parsed.id, parsed.error);
      return;
    }
    if (!this.#bucket.take() || this.#queue.waiting >= MAX_QUEUED_REQUESTS) {
      this.#services.metrics.signalingRefused(parsed.method, 'RATE_LIMITED');
      this.#refuse(parsed.id, new AirError('RATE_LIMITED', 'too many requests; slow down'));
      return;
    }
    this.#queue
      .run(async () => {
        if (this.#ws.readyState !== WebSocket.OPEN) return;
        const started = performance.now();
        const code = await this.#run(parsed.id, parsed.method, parsed.data);
        this.#services.metrics.signalingRequest(parsed.method, (performance.now() - started) / 1000, code);
      })
      .catch((error: unknown) => this.#log.error('signaling request pipeline failed', { error }));
  }

  async #run(id: number, method: MethodName, data: unknown): Promise<ErrorCode | undefined> {
    const handler = handlerFor(this.#handlers, method);
    if (!handler) {
      this.#respondError(id, new AirError('INTERNAL', `${method} is not available on this server`));
      return 'INTERNAL';
    }
    let result: unknown;
    try {
      // `data` was parsed with METHODS[method].request in parseIncoming.
      result = await (handler as (context: HandlerContext, input: unknown) => unknown)(this.#context, data);
    } catch (error) {
      if (error instanceof AirError && error.code !== 'INTERNAL') {
        this.#log.debug('request refused', { method, requestId: id, code: error.code, error: error.message });
        this.#respondError(id, error);
        return error.code;
      }
      // Not the client's fault: log everything, tell the client nothing internal.
      this.#log.error('request failed', { method, requestId: id, error });
      this.#respondError(id, new AirError('INTERNAL', `${method} failed on the server`));
      return 'INTERNAL';
    }
    let checked: unknown;
    try {
      checked = parseResponse(method, result);
    } catch (error) {
      // Our own bug: the handler broke the protocol's response contract.
      this.#log.error('handler returned an invalid response', { method, requestId: id, error });
      this.#respondError(id, new AirError('INTERNAL', `${method} failed on the server`));
      return 'INTERNAL';
    }
    this.#send({ kind: 'response', id, ok: true, data: checked });
    return undefined;
  }

  #refuse(id: number | null, error: AirError): void {
    this.#respondError(id, error);
    if (this.#strikes.record()) this.closeWith('RATE_LIMITED', 'too many refused messages');
  }

  #respondError(id: number | null, error: AirError): void {
    const message = error.message.slice(0, MAX_ERROR_MESSAGE);
    this.#send({ kind: 'response', id, ok: false, error: { code: error.code, message } });
  }

  #send(envelope: ResponseEnvelope | NotificationEnvelope): void {
    if (this.#ws.readyState !== WebSocket.OPEN) return;
    if (this.#ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#log.warn('signaling client not reading; dropping it', { buffered: this.#ws.bufferedAmount });
      this.#ws.terminate();
      return;
    }
    this.#ws.send(JSON.stringify(envelope), (error) => {
      if (error) this.#log.debug('signaling send failed', { error });
    });
  }

  #expire(): void {
    if (this.#ending || this.#ws.readyState !== WebSocket.OPEN) return;
    this.#ending = 'token-expired';
    this.#log.info('token expired on an open connection; asking for a fresh one');
    this.#ws.close(ERRORS.REAUTH_REQUIRED.closeCode, 'REAUTH_REQUIRED');
  }

  #onClose(code: number): void {
    clearTimeout(this.#expiry);
    this.#log.info('signaling connection closed', { code });
    const membership = this.#context.membership;
    this.#context.membership = undefined;
    if (!membership || membership.room.closed) return;
    const { room, peer } = membership;
    // A kicked peer does not get a grace period; a dropped one may come back.
    if (this.#ending !== 'kicked') {
      room.holdPeer(peer.id, this, this.#services.config.signaling.reconnectGraceMs);
    } else if (peer.link === this) {
      room.removePeer(peer.id, 'kicked');
    } else room.holdPeer(peer.id, this, this.#services.config.signaling.reconnectGraceMs);
  }
}
