import { LIVENESS_CHALLENGES, LivenessDecision } from '@aircounter/protocol';
import * as v from 'valibot';
import { Count, Ms, Sha256, Text } from './common.ts';

// Liveness and face match, written by the liveness service (server/src/liveness).

const Challenge = v.picklist(LIVENESS_CHALLENGES);

export const LivenessStarted = v.object({
  peerId: Text,
  /** Single-use: the submission must carry it. */
  nonce: Text,
  challenges: v.array(Challenge),
  /** Server wall-clock ms. */
  issuedAt: Ms,
  expiresAt: Ms,
});

/** The bank uploaded the session's ID photo: only its digest and size are logged. */
export const LivenessIdPhotoSet = v.object({ sha256: Sha256, bytes: Count });

const FaceSignals = v.object({
  yaw: v.number(),
  pitch: v.number(),
  roll: v.number(),
  ear: v.number(),
  mar: v.number(),
});

const LivenessFrame = v.object({
  challenge: v.union([Challenge, v.literal('neutral')]),
  /** Client wall-clock ms. */
  capturedAt: Ms,
  sha256: Sha256,
  faceCount: Count,
  /** What the server measured in the frame; null when it found no face. */
  signals: v.nullable(FaceSignals),
  /** The frame's file in the package; null when frames are not kept. */
  file: v.nullable(Text),
});

export const LivenessDecided = v.object({
  peerId: Text,
  /** The signed decision, exactly as the customer received it. */
  decision: LivenessDecision,
  /** What the client believed (the server decides on its own re-check). */
  clientResult: v.object({ passed: v.boolean(), matchDistance: v.optional(v.number()) }),
  frames: v.array(LivenessFrame),
});

/** A submission the server refused before deciding (bad frames, limits): never its frames. */
export const LivenessRefused = v.object({
  peerId: Text,
  nonce: Text,
  /** The typed error code the customer received. */
  code: Text,
  reason: Text,
});
