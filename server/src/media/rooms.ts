import { EventEmitter } from 'node:events';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import { endCode, type Session, type SessionRegistry } from '../sessions.ts';
import { Room } from './room.ts';
import type { WorkerPool } from './worker-pool.ts';

export interface RoomRegistryEvents {
  /** A session's room was created (on its first `getRouterRtpCapabilities` or `join`). */
  roomCreated: [Room];
}

/**
 * One room per live session, created on demand. Creation is serialized per
 * session: concurrent joins wait for the same router instead of racing to
 * create two. The registry keeps sessions and rooms in step: an ended session
 * closes its room, and a room lost with its worker ends its session.
 */
export class RoomRegistry extends EventEmitter<RoomRegistryEvents> {
  readonly #rooms = new Map<string, Room>();
  readonly #creating = new Map<string, Promise<Room>>();
  readonly #sessions: SessionRegistry;
  readonly #workers: WorkerPool;
  readonly #log: Logger;
  #closingAll = false;

  constructor(details: { sessions: SessionRegistry; workers: WorkerPool; log: Logger }) {
    super();
    this.#sessions = details.sessions;
    this.#workers = details.workers;
    this.#log = details.log;
    this.#sessions.on('ended', (session) => this.#onSessionEnded(session));
  }

  get(sessionId: string): Room | undefined {
    return this.#rooms.get(sessionId);
  }

  list(): Room[] {
    return [...this.#rooms.values()];
  }

  /** The session's room, created on first use. SESSION_NOT_FOUND / SESSION_ENDED if it cannot be joined. */
  async getOrCreate(sessionId: string): Promise<Room> {
    const existing = this.#rooms.get(sessionId);
    if (existing && !existing.closed) return existing;
    if (this.#closingAll) throw new AirError('NOT_JOINED', 'the server is shutting down');
    await this.#sessions.requireLive(sessionId);
    // Another join may have created the room (or started to) while the store answered.
    const created = this.#rooms.get(sessionId);
    if (created && !created.closed) return created;
    const pending = this.#creating.get(sessionId);
    if (pending) return pending;
    const creation = this.#create(sessionId).finally(() => this.#creating.delete(sessionId));
    this.#creating.set(sessionId, creation);
    return creation;
  }

  async #create(sessionId: string): Promise<Room> {
    const { router, workerPid } = await this.#workers.createRouter();
    try {
      // The session may have ended, or shutdown begun, while the router was being created.
      if ((await this.#sessions.get(sessionId))?.status === 'ended') {
        throw new AirError('SESSION_ENDED', `session ${sessionId} has ended`);
      }
      if (this.#closingAll) throw new AirError('NOT_JOINED', 'the server is shutting down');
    } catch (error) {
      router.close();
      throw error;
    }
    const log = this.#log.child({ sessionId });
    const room = new Room({ sessionId, router, workerPid, log });
    this.#rooms.set(sessionId, room);
    room.once('closed', ({ code }) => {
      if (this.#rooms.get(sessionId) === room) this.#rooms.delete(sessionId);
      // A room closes with WORKER_DIED when its worker died: that ends the session.
      if (code === 'WORKER_DIED') {
        this.#sessions.end(sessionId, 'worker-died').catch((error: unknown) => {
          this.#log.error('session of a dead worker not ended', { sessionId, error });
        });
      }
    });
    log.info('room created', { workerPid });
    this.emit('roomCreated', room);
    return room;
  }

  /**
   * Server shutdown: closes every room without ending its session (sessions
   * are durable). Peers are disconnected with 1001 and no `sessionEnded`;
   * their clients reconnect to the restarted server. No room is created after.
   */
  closeAll(reason: string): void {
    this.#closingAll = true;
    for (const room of [...this.#rooms.values()]) room.close(reason);
  }

  #onSessionEnded(session: Session): void {
    const room = this.#rooms.get(session.id);
    if (!room || room.closed) return;
    const reason = session.endReason ?? 'ended';
    room.close(reason, endCode(reason));
  }
}
