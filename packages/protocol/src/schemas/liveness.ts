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

const Challenge = v.picklist(LIVENESS_CHALLENGES);
const Ms = v.pipe(v.number(), v.finite(), v.minValue(0));

export const StartLivenessRequest = Empty;
export const StartLivenessResponse = v.object({
  /** Single-use: a submission must carry it, and it is spent by that submission. */
  nonce: Id,
  /** To perform in this order; "left"/"right" are the customer's own. */
  challenges: v.pipe(v.array(Challenge), v.minLength(1), v.maxLength(7)),
  /** Server wall-clock ms when issued: `expiresAt - issuedAt` is the time allowed, whatever the client's clock. */
  issuedAt: Ms,
  /** Wall-clock ms (server clock) by which the evidence must have arrived. */
  expiresAt: Ms,
  /** Time allowed for each challenge, ms. */
  perChallengeMs: Ms,
});
export type StartLivenessResponse = v.InferOutput<typeof StartLivenessResponse>;

/** JPEG evidence frame as base64 (no data: prefix), with capture time (client wall clock, ms). */
export const EvidenceFrame = v.object({
  challenge: v.union([Challenge, v.literal('neutral')]),
  capturedAt: Ms,
  jpegBase64: v.pipe(v.string(), v.maxLength(400_000), v.regex(/^[A-Za-z0-9+/]+=*$/, 'base64')),
});
export type EvidenceFrame = v.InferOutput<typeof EvidenceFrame>;

export const SubmitLivenessRequest = v.strictObject({
  nonce: Id,
  /** The neutral frontal frame first, then one frame per challenge in the issued order. */
  frames: v.pipe(v.array(EvidenceFrame), v.minLength(1), v.maxLength(8)),
  /** What the client believes; the server decides on its own re-check. */
  clientResult: v.object({ passed: v.boolean(), matchDistance: v.optional(v.number()) }),
});
export type SubmitLivenessRequest = v.InferOutput<typeof SubmitLivenessRequest>;

/**
 * The server's decision. `signature` is Ed25519 (base64url) over the RFC 8785
 * canonical JSON of every other field except `keyId`, by the key `keyId`
 * published at /.well-known/aircounter/signing-keys.
 */
export const LivenessDecision = v.object({
  nonce: Id,
  sessionId: Id,
  /** The customer the decision is about. */
  peerId: Id,
  challenges: v.array(Challenge),
  passed: v.boolean(),
  liveness: v.object({
    passed: v.boolean(),
    /** Machine-readable, e.g. `not-shown:turnLeft`, `different-person:blink`, `expired`. */
    reasons: v.array(v.pipe(v.string(), v.maxLength(200))),
    /** Largest descriptor distance between the neutral frame and a challenge frame, and its limit. */
    selfDistance: v.number(),
    selfThreshold: v.number(),
  }),
  /** Absent when the bank uploaded no ID photo for the session. */
  faceMatch: v.optional(v.object({ passed: v.boolean(), distance: v.number(), threshold: v.number() })),
  models: v.array(v.object({ name: v.string(), version: v.string() })),
  decidedAt: v.number(),
  signature: v.string(),
  keyId: v.string(),
});
export type LivenessDecision = v.InferOutput<typeof LivenessDecision>;

/** What the customer may be told to do differently; coarse on purpose (no scores, no thresholds). */
export const LIVENESS_HINTS = [
  'face-not-visible',
  'one-person-only',
  'follow-instructions',
  'too-slow',
  'try-again',
] as const;
export type LivenessHint = (typeof LIVENESS_HINTS)[number];

/**
 * The customer's copy of a decision: pass or fail and a retry hint. The full
 * signed {@link LivenessDecision} (reasons, face-match distance, thresholds)
 * goes only to agents, supervisors and the evidence: a customer who saw the
 * distances could tune a spoof against them.
 */
export const LivenessOutcome = v.object({
  /** The nonce of the attempt this answers (the signed decision in the evidence carries it too). */
  nonce: Id,
  passed: v.boolean(),
  /** Absent when passed. */
  hint: v.optional(v.picklist(LIVENESS_HINTS)),
  /** Further attempts the session allows (0: none; the agent decides what happens next). */
  attemptsLeft: v.pipe(v.number(), v.integer(), v.minValue(0)),
  decidedAt: v.number(),
});
export type LivenessOutcome = v.InferOutput<typeof LivenessOutcome>;
