import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import type { RoomRegistry } from '../media/rooms.ts';
import { recordingsVerdict } from '../recording/package-verdict.ts';
import type { RecordingService } from '../recording/service.ts';
import type { SessionRegistry } from '../sessions.ts';
import type { EvidenceService } from './evidence-service.ts';

/**
 * Seals each session's evidence package when the session ends: once its
 * recording (if any) has handed every file to the store, the package gets its
 * signed manifest and becomes read-only. A package is marked incomplete when
 * a recording failed or was aborted (e.g. server shutdown), or when any
 * recording of the session is not complete: a gap, a failed or short track, a
 * repaired file (read from the evidence log's `recording.finalized` entries,
 * the same verdict as each timing summary), with a reason listing them. At start-up,
 * packages a killed server left open (recordings already recovered) are sealed
 * as incomplete. `flush()` waits for seals under way (shutdown).
 */
export function sealSessionsOnEnd(deps: {
  sessions: SessionRegistry;
  rooms: RoomRegistry;
  recording: RecordingService;
  evidence: EvidenceService;
  log: Logger;
}) {
  const { sessions, rooms, recording, evidence, log } = deps;
  const lastRoom = new Map<string, Room>();
  const pending = new Set<Promise<void>>();

  const track = (work: Promise<void>): void => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const seal = async (sessionId: string): Promise<void> => {
    await recording.whenSettled(sessionId);
    const status = lastRoom.get(sessionId)?.recordingStatus;
    lastRoom.delete(sessionId);
    const broken = status?.state === 'failed' || status?.state === 'aborted';
    const recordings = recordingsVerdict((await evidence.readEvents(sessionId)) ?? []);
    const reasons = [
      ...(broken ? [`recording-${status.state}${status.reason ? `: ${status.reason}` : ''}`] : []),
      ...(recordings.reason === undefined ? [] : [recordings.reason]),
    ];
    const complete = !broken && recordings.complete;
    await evidence.finalizeSession(
      sessionId,
      complete ? { complete: true } : { complete: false, reason: reasons.join(' | ') },
    );
    log.info('evidence package sealed', { sessionId, complete });
  };

  rooms.on('roomCreated', (room) => lastRoom.set(room.sessionId, room));
  sessions.on('ended', (session) => {
    track(
      seal(session.id).catch((error: unknown) => {
        log.error('evidence package not sealed', { sessionId: session.id, error });
      }),
    );
  });

  return {
    /** Seals packages left open by a server that was killed (run after recording recovery). */
    async sealLeftovers(): Promise<void> {
      for (const sessionId of await evidence.findUnfinalized()) {
        await evidence.finalizeSession(sessionId, { complete: false, reason: 'server-restarted' });
        log.warn('sealed a package left open by an earlier run', { sessionId });
      }
    },
    async flush(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
