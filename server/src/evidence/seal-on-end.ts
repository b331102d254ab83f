import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import type { RoomRegistry } from '../media/rooms.ts';
import { recordingsVerdict } from '../recording/package-verdict.ts';
import type { RecordingService } from '../recording/service.ts';
import type { Session, SessionRegistry } from '../sessions.ts';
import type { EvidenceSealRepository } from '../store/evidence-seals-repository.ts';
import type { EvidenceService, FinalizeOptions } from './evidence-service.ts';

/**
 * Seals each session's evidence package when the session ends: once its
 * recording (if any) has handed every file to the store, the package gets its
 * signed manifest and becomes read-only. A package is marked incomplete when
 * a recording failed or was aborted, or when any recording of the session is
 * not complete: a gap, a failed or short track, a repaired file (read from the
 * evidence log's `recording.finalized` entries, the same verdict as each
 * timing summary), with a reason listing them. Sessions outlive a restart
 * (they are in the store), so at start-up only packages of sessions that have
 * ended (or that the store no longer knows) are sealed, as incomplete; a
 * package whose session goes on stays open for it. Each seal is claimed in the
 * store first, so that two nodes never both seal one package. A leftover that
 * cannot be sealed at start-up is logged and left for the next start; the
 * others are sealed all the same. `flush()` waits for seals under way
 * (shutdown).
 */
export function sealSessionsOnEnd(deps: {
  sessions: SessionRegistry;
  seals: EvidenceSealRepository;
  /** This node's name in seal claims. */
  nodeId: string;
  rooms: RoomRegistry;
  recording: RecordingService;
  evidence: EvidenceService;
  /** Ends the session's journey (its summary enters the package before the seal). */
  journeys?: { end(sessionId: string): Promise<unknown> };
  log: Logger;
  /**
   * Several nodes: true for an ended session whose package another node
   * seals (its end is not picked up yet, or a live node picked it up); start-up
   * leaves such packages alone.
   */
  sealedElsewhere?: (session: Session) => Promise<boolean>;
  /** Told how long each seal took from the session's end (metrics). */
  onSealed?: (seconds: number, complete: boolean) => void;
}) {
  const { sessions, seals, nodeId, rooms, recording, evidence, journeys, log } = deps;
  const lastRoom = new Map<string, Room>();
  const pending = new Set<Promise<void>>();

  const track = (work: Promise<void>): void => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  /** Seals once across nodes: false when another node holds the claim. */
  const claimAndSeal = async (sessionId: string, outcome: FinalizeOptions): Promise<boolean> => {
    if (!(await seals.claim(sessionId, nodeId))) {
      log.info('evidence package sealed by another node', { sessionId });
      return false;
    }
    await evidence.finalizeSession(sessionId, outcome);
    await seals.markSealed(sessionId, nodeId, outcome);
    return true;
  };

  const seal = async (sessionId: string): Promise<void> => {
    const started = performance.now();
    await recording.whenSettled(sessionId);
    // A lost node's recording of the session that nobody took over goes into the package before its verdict.
    await recording.finishLeftovers(sessionId);
    // The journey's summary (complete, or the missing and interrupted steps) is the package's last word on it.
    await journeys?.end(sessionId).catch((error: unknown) => {
      log.error('journey summary not recorded', { sessionId, error });
    });
    const status = lastRoom.get(sessionId)?.recordingStatus;
    lastRoom.delete(sessionId);
    const broken = status?.state === 'failed' || status?.state === 'aborted';
    const recordings = recordingsVerdict((await evidence.readEvents(sessionId)) ?? []);
    const reasons = [
      ...(broken ? [`recording-${status.state}${status.reason ? `: ${status.reason}` : ''}`] : []),
      ...(recordings.reason === undefined ? [] : [recordings.reason]),
    ];
    const complete = !broken && recordings.complete;
    const sealed = await claimAndSeal(
      sessionId,
      complete ? { complete: true } : { complete: false, reason: reasons.join(' | ') },
    );
    if (sealed) {
      log.info('evidence package sealed', { sessionId, complete });
      deps.onSealed?.((performance.now() - started) / 1000, complete);
    }
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
    /**
     * Start-up (after recording recovery): seals the packages an earlier run
     * left open whose session has ended (it stopped before sealing) or is
     * unknown to the store. Packages of open sessions stay open: the session
     * goes on and is sealed when it ends.
     */
    async sealLeftovers(): Promise<void> {
      for (const sessionId of await evidence.findUnfinalized()) {
        const session = await sessions.get(sessionId);
        if (session && session.status !== 'ended') {
          log.info('evidence package stays open: its session goes on', { sessionId, status: session.status });
          continue;
        }
        if (session && (await deps.sealedElsewhere?.(session))) {
          log.info('evidence package left to the node that handles its end', { sessionId });
          continue;
        }
        await journeys?.end(sessionId).catch((error: unknown) => {
          log.error('journey summary not recorded', { sessionId, error });
        });
        try {
          await recording.finishLeftovers(sessionId);
          if (await claimAndSeal(sessionId, { complete: false, reason: 'server-restarted' })) {
            log.warn('sealed a package left open by an earlier run', { sessionId });
          }
        } catch (error) {
          // One package that cannot be sealed now (its store unreachable, an upload refused) must not keep the
          // server and every other session from starting: it stays staged and claimed by this node, and the
          // next start tries again.
          log.error('a package left open by an earlier run could not be sealed; the next start tries again', {
            sessionId,
            error,
          });
        }
      }
    },
    async flush(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
