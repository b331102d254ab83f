import * as v from 'valibot';
import { ERRORS, type ErrorCode } from '../errors.ts';
import { Id, MediaKind, MediaSourceSchema, PeerInfo } from './common.ts';
import { JourneyChanged } from './journey.ts';
import { AuthorizationView } from './authorization.ts';
import { LivenessDecision } from './liveness.ts';
import { RecordingStatus } from './recording.ts';
import { SIGNING_NOTIFICATIONS } from './signing.ts';

const ErrorCodeSchema = v.picklist(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]);

/** Server → client messages that answer no request. */
export const NOTIFICATIONS = {
  peerJoined: v.object({ peer: PeerInfo }),
  /**
   * The connection behind a participant's seat changed (the same identity
   * reconnected): the person may have changed too, so everyone is told.
   */
  peerReconnected: v.object({ peerId: Id }),
  peerLeft: v.object({ peerId: Id, reason: v.picklist(['left', 'disconnected', 'kicked', 'session-ended']) }),
  producerAdded: v.object({
    peerId: Id,
    producerId: Id,
    kind: MediaKind,
    source: MediaSourceSchema,
    paused: v.boolean(),
  }),
  producerClosed: v.object({ peerId: Id, producerId: Id }),
  producerPaused: v.object({ peerId: Id, producerId: Id }),
  producerResumed: v.object({ peerId: Id, producerId: Id }),
  consumerClosed: v.object({ consumerId: Id }),
  consumerPaused: v.object({ consumerId: Id }),
  consumerResumed: v.object({ consumerId: Id }),
  consumerScore: v.object({ consumerId: Id, score: v.number(), producerScore: v.number() }),
  consumerLayersChanged: v.object({
    consumerId: Id,
    spatialLayer: v.nullable(v.number()),
    temporalLayer: v.nullable(v.number()),
  }),
  recordingStatus: RecordingStatus,
  livenessDecided: v.object({ peerId: Id, decision: LivenessDecision }),
  sessionEnded: v.object({ reason: v.string(), code: v.optional(ErrorCodeSchema) }),
  // Scripted journeys (双录): the journey changed (sent to every participant).
  journeyChanged: JourneyChanged,
  // Remote authorization: a request of this session changed (raised, voted on, escalated, closed); agents only.
  authorizationUpdated: AuthorizationView,
  // Face-to-face signing (schemas/signing.ts).
  ...SIGNING_NOTIFICATIONS,
} as const;

export type NotificationName = keyof typeof NOTIFICATIONS;
export type NotificationData<N extends NotificationName> = v.InferOutput<(typeof NOTIFICATIONS)[N]>;
