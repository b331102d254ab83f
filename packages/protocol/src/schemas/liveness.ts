import * as v from 'valibot';
import { Empty, Id } from './common.ts';

export const LIVENESS_CHALLENGES = [
  'turnLeft',
  'turnRight',
  'lookUp',
  'lookDown',
  'blink',
  'openMouth',
  'nod',
] as const;
export type LivenessChallenge = (typeof LIVENESS_CHALLENGES)[number];

export const StartLivenessRequest = Empty;
export const StartLivenessResponse = v.object({
  nonce: Id,
  challenges: v.pipe(v.array(v.picklist(LIVENESS_CHALLENGES)), v.minLength(1), v.maxLength(7)),
  /** Wall-clock ms by which every challenge must be completed. */
  expiresAt: v.number(),
  /** Time allowed for each challenge, ms. */
  perChallengeMs: v.number(),
});

/** JPEG evidence frame as base64 (no data: prefix), with capture time. */
const EvidenceFrame = v.object({
  challenge: v.union([v.picklist(LIVENESS_CHALLENGES), v.literal('neutral')]),
  capturedAt: v.number(),
  jpegBase64: v.pipe(v.string(), v.maxLength(400_000), v.regex(/^[A-Za-z0-9+/]+=*$/, 'base64')),
});

export const SubmitLivenessRequest = v.strictObject({
  nonce: Id,
  frames: v.pipe(v.array(EvidenceFrame), v.minLength(1), v.maxLength(8)),
  /** What the client believes; the server decides on its own re-check. */
  clientResult: v.object({ passed: v.boolean(), matchDistance: v.optional(v.number()) }),
});

export const LivenessDecision = v.object({
  nonce: Id,
  passed: v.boolean(),
  liveness: v.object({ passed: v.boolean(), reasons: v.array(v.string()) }),
  faceMatch: v.optional(v.object({ passed: v.boolean(), distance: v.number(), threshold: v.number() })),
  models: v.array(v.object({ name: v.string(), version: v.string() })),
  decidedAt: v.number(),
  /** Ed25519 signature (base64url) of the canonical decision, by the server's key. */
  signature: v.string(),
  keyId: v.string(),
});
export type LivenessDecision = v.InferOutput<typeof LivenessDecision>;
