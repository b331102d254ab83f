import type { AnyEvidenceEvent } from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import type { RoomRegistry } from '../media/rooms.ts';
import type { SessionRegistry } from '../sessions.ts';
import type { EvidenceService } from './evidence-service.ts';

/**
 * Writes the session's own facts into its evidence log: creation (with the
 * bank's reference and agent id, which the auditor list filters on), who
 * joined and left, which media each participant published, how the room and
 * the session ended. Recording, consent and liveness events are written by
 * their services.
 *
 * Listeners are synchronous and each append is queued at once, so entries
 * keep the order of the events, and a finalization started after the session
 * ended is queued behind them.
 */
export function connectSessionEvidence(deps: {
  sessions: SessionRegistry;
  rooms: RoomRegistry;
  evidence: EvidenceService;
  log: Logger;
}): void {
  const { sessions, rooms, evidence, log } = deps;
  const record = (sessionId: string, event: AnyEvidenceEvent): void => {
    evidence.append(sessionId, event).then(
      () => undefined,
      (error: unknown) => {
        // After finalization the package is sealed: a late event cannot and must not enter it.
        const sealed = error instanceof AirError && error.code === 'STORAGE_WRITE_ONCE';
        log[sealed ? 'warn' : 'error']('session event not recorded in evidence', {
          sessionId,
          type: event.type,
          error,
        });
      },
    );
  };

  sessions.on('created', (session) => {
    // Opening the log also indexes the package for the auditor list.
    evidence
      .openSession(session.id, {
        ...(session.agentId === undefined ? {} : { agentId: session.agentId }),
        ...(session.reference === undefined ? {} : { reference: session.reference }),
      })
      // Several nodes: the node hosting the session writes the rest of its log (from the file's head).
      .then(() => (sessions.hostsHere(session) ? undefined : evidence.forget(session.id)))
      .catch((error: unknown) => log.error('session not opened in evidence', { sessionId: session.id, error }));
  });
  sessions.on('ended', (session) => {
    record(session.id, { type: 'session.ended', data: { reason: session.endReason ?? 'ended' } });
  });
  rooms.on('roomCreated', (room) => followRoom(room, record));
}

function followRoom(room: Room, record: (sessionId: string, event: AnyEvidenceEvent) => void): void {
  const { sessionId } = room;
  room.on('peerJoined', ({ peerId, role, displayName }) => {
    record(sessionId, { type: 'peer.joined', data: { peerId, role, displayName } });
  });
  room.on('peerReconnected', ({ peerId, role, tokenId }) => {
    record(sessionId, { type: 'peer.reconnected', data: { peerId, role, tokenId } });
  });
  room.on('peerLeft', ({ peerId, reason }) => {
    record(sessionId, { type: 'peer.left', data: { peerId, reason } });
  });
  room.on('producerAdded', ({ peerId, role, producer, source }) => {
    record(sessionId, {
      type: 'producer.added',
      data: { peerId, role, producerId: producer.id, kind: producer.kind, source },
    });
  });
  room.on('producerClosed', ({ peerId, producerId }) => {
    record(sessionId, { type: 'producer.closed', data: { peerId, producerId } });
  });
  room.on('closed', ({ reason, code }) => {
    record(sessionId, { type: 'room.closed', data: { reason, code } });
  });
}
