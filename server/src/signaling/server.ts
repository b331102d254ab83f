import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AirError, ERRORS, MAX_FRAME_BYTES, type ErrorCode } from '@aircounter/protocol';
import { WebSocketServer, type WebSocket } from 'ws';
import { consumeJoinToken } from '../auth/single-use.ts';
import type { JoinClaims } from '../auth/tokens.ts';
import type { AirServices } from '../services.ts';
import { endCode, type Session } from '../sessions.ts';
import { SignalingConnection } from './connection.ts';
import { offeredProtocols, selectProtocol, tokenFromProtocols } from './handshake.ts';
import { HANDLERS, type HandlerTable } from './handlers/index.ts';

export const SIGNALING_PATH = '/signaling';

function identityKey(identity: Pick<JoinClaims, 'sessionId' | 'peerId'>): string {
  return `${identity.sessionId}\u0000${identity.peerId}`;
}

/**
 * The `/signaling` WebSocket endpoint. Authentication happens during the
 * upgrade; a refused client still gets a completed handshake, closed at once
 * with the error's close code and the code as reason, because browsers hide
 * the HTTP status of a refused upgrade from the page.
 */
export class SignalingServer {
  readonly #services: AirServices;
  readonly #handlers: HandlerTable;
  readonly #wss: WebSocketServer;
  readonly #connections = new Map<string, SignalingConnection>();
  readonly #heartbeat: NodeJS.Timeout;
  #accepting = true;

  constructor(services: AirServices, handlers: HandlerTable = HANDLERS) {
    this.#services = services;
    this.#handlers = handlers;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      // Compression on a socket that carries tokens and attacker-chosen text invites CRIME-style attacks.
      perMessageDeflate: false,
      handleProtocols: (protocols) => selectProtocol(protocols),
    });
    this.#heartbeat = setInterval(() => {
      for (const connection of this.#connections.values()) connection.heartbeat();
    }, services.config.signaling.heartbeatIntervalMs);
    services.sessions.on('ended', (session) => this.#onSessionEnded(session));
  }

  /** Live connections, one per peer identity. */
  get connections(): readonly SignalingConnection[] {
    return [...this.#connections.values()];
  }

  /** Takes the upgrade if it is for `/signaling` (returns true), else leaves it to the caller. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== SIGNALING_PATH) return false;
    socket.on('error', (error) => this.#services.log.debug('signaling upgrade socket error', { error }));
    if (!this.#accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    this.#upgrade(request, socket, head, url).catch((error: unknown) => {
      this.#services.log.error('signaling upgrade failed', { error });
      socket.destroy();
    });
    return true;
  }

  /** Stops taking new sockets (shutdown step one); live ones stay until their rooms end. */
  stopAccepting(): void {
    this.#accepting = false;
  }

  /** Closes every remaining socket and the heartbeat. */
  close(): void {
    this.#accepting = false;
    clearInterval(this.#heartbeat);
    for (const connection of this.#connections.values()) connection.end('server-shutdown');
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }

  async #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    let identity: JoinClaims | undefined;
    let refusal: AirError | undefined;
    try {
      identity = await this.#authenticate(request, url);
      this.#refuseIfSeated(identity);
    } catch (error) {
      if (!(error instanceof AirError)) throw error;
      refusal = error;
    }
    if (socket.destroyed) return;
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      // Checked again here, synchronously with registration: two sockets racing for one identity.
      if (!refusal && identity && this.#connections.has(identityKey(identity))) {
        refusal = new AirError('DUPLICATE_PEER', 'this peer is already connected');
      }
      if (refusal || !identity || !this.#accepting) {
        this.#refuse(ws, refusal?.code ?? 'INTERNAL', refusal?.message ?? 'not accepting connections');
        return;
      }
      this.#accept(ws, identity);
    });
  }

  async #authenticate(request: IncomingMessage, url: URL): Promise<JoinClaims> {
    const token = tokenFromProtocols(offeredProtocols(request.headers['sec-websocket-protocol']));
    const identity = await this.#services.tokens.verifyJoinToken(token);
    // The client may name the session it means to join; a token for another one is a mix-up.
    const named = url.searchParams.get('sessionId');
    if (named !== null && named !== identity.sessionId) {
      throw new AirError('AUTH_WRONG_SESSION', 'the token is for another session');
    }
    const session = await this.#services.sessions.requireLive(identity.sessionId);
    // Several nodes: only the node hosting the session takes its participants (a dead node's session is adopted).
    await this.#services.cluster?.admit(session);
    await consumeJoinToken(this.#services.store.joinTokens, identity);
    return identity;
  }

  /**
   * A second socket for the same peer is refused (DUPLICATE_PEER) for as
   * long as the first one is there: a newcomer never takes the seat of a
   * live participant whose pong is merely late. The first socket goes only
   * when it closes or misses `AIR_HEARTBEAT_MAX_MISSED` pings in a row; a
   * reconnecting client retries DUPLICATE_PEER until then.
   */
  #refuseIfSeated(identity: JoinClaims): void {
    if (this.#connections.has(identityKey(identity))) {
      this.#services.log.info('second connection for a connected peer refused', {
        sessionId: identity.sessionId,
        peerId: identity.peerId,
      });
      throw new AirError('DUPLICATE_PEER', 'this peer is already connected');
    }
  }

  #accept(ws: WebSocket, identity: JoinClaims): void {
    const connection = new SignalingConnection({
      ws,
      identity,
      services: this.#services,
      handlers: this.#handlers,
    });
    const key = identityKey(identity);
    this.#connections.set(key, connection);
    ws.once('close', () => this.#forget(connection));
    this.#services.log.info('signaling connection accepted', {
      sessionId: identity.sessionId,
      peerId: identity.peerId,
      role: identity.role,
    });
  }

  #forget(connection: SignalingConnection): void {
    const key = identityKey(connection.identity);
    if (this.#connections.get(key) === connection) this.#connections.delete(key);
  }

  #refuse(ws: WebSocket, code: ErrorCode, message: string): void {
    this.#services.log.info('signaling connection refused', { code, reason: message });
    ws.close(ERRORS[code].closeCode, code);
  }

  /** Sockets of an ended session that never joined its room (joined ones are ended by the room). */
  #onSessionEnded(session: Session): void {
    for (const connection of this.#connections.values()) {
      if (connection.identity.sessionId !== session.id) continue;
      const reason = session.endReason ?? 'ended';
      connection.end(reason, endCode(reason));
    }
  }
}
