import type { LivenessConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry } from '../media/rooms.ts';
import type { SessionRegistry } from '../sessions.ts';
import { LivenessService, type LivenessServiceOptions } from './liveness-service.ts';

/** What a host (or a test) may set on the liveness service through `createAirServer`'s options. */
export type LivenessSettings = Partial<
  Pick<
    LivenessServiceOptions,
    | 'signer'
    | 'evidence'
    | 'picker'
    | 'perChallengeMs'
    | 'positioningMs'
    | 'loadVision'
    | 'workers'
    | 'maxAttempts'
    | 'frameLimits'
  >
>;

export interface LivenessDependencies {
  readonly log: Logger;
  readonly rooms: RoomRegistry;
  readonly sessions: SessionRegistry;
  readonly signer: LivenessServiceOptions['signer'];
  readonly config: LivenessConfig;
}

/**
 * Builds the liveness service: decisions go to the session's agents and
 * supervisors as `livenessDecided`; an ended session's nonces and ID
 * descriptor are dropped.
 */
export function createLivenessService(deps: LivenessDependencies, settings: LivenessSettings = {}): LivenessService {
  const { workers, maxAttempts, maxFrameBytes, maxFramePixels } = deps.config;
  const service = new LivenessService({
    workers,
    maxAttempts,
    frameLimits: { maxFrameBytes, maxFramePixels },
    ...settings,
    signer: settings.signer ?? deps.signer,
    log: deps.log,
    notify: (sessionId, peerId, decision) => {
      const room = deps.rooms.get(sessionId);
      if (!room) return;
      for (const peer of room.peers.values()) {
        if (peer.role === 'agent' || peer.role === 'supervisor') peer.notify('livenessDecided', { peerId, decision });
      }
    },
  });
  deps.sessions.on('ended', (session) => service.forgetSession(session.id));
  return service;
}
