import { createHash, randomUUID } from 'node:crypto';
import {
  AirError,
  type LivenessChallenge,
  type LivenessDecision,
  type LivenessOutcome,
  type StartLivenessResponse,
  type SubmitLivenessRequest,
} from '@aircounter/protocol';
import {
  descriptorDistance,
  FACE_MATCH_THRESHOLD,
  modelVersions,
  SELF_CONSISTENCY_THRESHOLD,
  verifyEvidence,
  type IssuedLiveness,
  type MeasuredFrame,
  type Vision,
} from '@aircounter/vision';
import type { Logger } from '../log.ts';
import { inlineAnalyzer, type FrameAnalyzer } from './analysis.ts';
import { randomChallenges, type ChallengePicker } from './challenge-picker.ts';
import { FairQueue } from './fair-queue.ts';
import { gestureChallenges, type Gesture } from './gesture-challenges.ts';
import { checkFrames, type CheckedFrame, type FrameLimits } from './frame-check.ts';
import { inspectJpeg } from './jpeg-header.ts';
import {
  memoryIdPhotoStore,
  type DecisionNotifier,
  type DecisionSigner,
  type IdPhotoStore,
  type LivenessEvidenceSink,
} from './ports.ts';
import { retryHint } from './retry-hint.ts';
import { VisionPool } from './vision-pool.ts';

export interface LivenessServiceOptions {
  readonly signer: DecisionSigner;
  readonly log: Logger;
  readonly evidence?: LivenessEvidenceSink;
  readonly notify?: DecisionNotifier;
  /** Where ID photo references are kept (the store in the server; memory by default). */
  readonly idPhotos?: IdPhotoStore;
  readonly picker?: ChallengePicker;
  /** Time for each challenge, ms. */
  readonly perChallengeMs?: number;
  /** Time to get into the oval before the first challenge, ms. */
  readonly positioningMs?: number;
  /**
   * Runs the face models on the calling thread with these models instead of
   * in the worker pool (hosts and benches that bring their own).
   */
  readonly loadVision?: () => Promise<Vision>;
  /** Worker threads for decoding and inference (default 1). */
  readonly workers?: number;
  /** Liveness checks (startLiveness calls) one session may make (default 3). */
  readonly maxAttempts?: number;
  /** Evidence frame limits, checked before decoding or storing (defaults: 300 000 bytes, 1920×1080). */
  readonly frameLimits?: FrameLimits;
  readonly now?: () => number;
}

export const DEFAULT_FRAME_LIMITS: FrameLimits = { maxFrameBytes: 300_000, maxFramePixels: 1920 * 1080 };

interface Pending extends IssuedLiveness {
  readonly nonce: string;
}

/** What a gesture check is for: the journey step (and answer) it confirms. */
export interface GestureBinding {
  readonly stepId: string;
  readonly answerId?: string;
  readonly gesture: Gesture;
}

interface PendingGesture extends Pending {
  readonly sessionId: string;
  readonly peerId: string;
  readonly binding: GestureBinding;
}

/** The server's signed verdict on a nod or shake, re-measured from the frames (for the evidence chain). */
export interface GestureVerdict {
  readonly verification: string;
  readonly peerId: string;
  readonly stepId: string;
  readonly answerId?: string;
  readonly confirmation: Gesture;
  readonly passed: boolean;
  readonly reasons: readonly string[];
  readonly challenges: readonly LivenessChallenge[];
  readonly frames: readonly { challenge: string; sha256: string; faceCount: number; file: string | null }[];
  readonly faceMatch?: { passed: boolean; distance: number; threshold: number };
  readonly keyId: string;
  readonly signature: string;
}
function key(sessionId: string, peerId: string): string {
  return `${sessionId}\u0000${peerId}`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Server side of liveness: issues random challenge sequences with a
 * single-use nonce, re-runs the face models on the evidence frames the client
 * sends (never trusting its own verdict), matches the neutral frame against
 * the bank's ID photo, signs the decision, records it and tells the agents.
 */
export class LivenessService {
  readonly #options: LivenessServiceOptions;
  readonly #now: () => number;
  readonly #picker: ChallengePicker;
  readonly #perChallengeMs: number;
  readonly #positioningMs: number;
  readonly #maxAttempts: number;
  readonly #frameLimits: FrameLimits;
  readonly #pending = new Map<string, Pending>();
  /** Open gesture checks by session and peer: only the latest is valid, like liveness. */
  readonly #gestures = new Map<string, PendingGesture>();
  readonly #idPhotos: IdPhotoStore;
  /** startLiveness calls per session. */
  readonly #attempts = new Map<string, number>();
  readonly #analyzer: FrameAnalyzer;
  /** One model job per session at a time, sessions served in turn, at most one job per analyzer thread. */
  readonly #queue: FairQueue;

  constructor(options: LivenessServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#picker = options.picker ?? randomChallenges(3);
    this.#perChallengeMs = options.perChallengeMs ?? 10_000;
    this.#positioningMs = options.positioningMs ?? 30_000;
    this.#idPhotos = options.idPhotos ?? memoryIdPhotoStore();
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#frameLimits = options.frameLimits ?? DEFAULT_FRAME_LIMITS;
    const workers = options.workers ?? 1;
    this.#analyzer = options.loadVision
      ? inlineAnalyzer(options.loadVision)
      : new VisionPool({ size: workers, log: options.log });
    this.#queue = new FairQueue(options.loadVision ? 1 : workers);
  }

  /** Loads the models now instead of on the first submission. */
  warmUp(): Promise<void> {
    return this.#analyzer.warmUp();
  }

  /** Stops the vision threads (server shutdown). */
  close(): Promise<void> {
    return this.#analyzer.close();
  }

  /** Model jobs waiting and running, all sessions (health and tests). */
  get load(): { queued: number; running: number } {
    return { queued: this.#queue.queued, running: this.#queue.running };
  }

  /** Sessions this service holds state for in memory (attempt counts, open nonces; ID descriptors are in the store). */
  get sessionsHeld(): number {
    const ids = new Set(this.#attempts.keys());
    for (const k of this.#pending.keys()) ids.add(k.split('\u0000')[0] ?? k);
    return ids.size;
  }

  async start(sessionId: string, peerId: string): Promise<StartLivenessResponse> {
    const used = this.#attempts.get(sessionId) ?? 0;
    if (used >= this.#maxAttempts) {
      this.#options.log.warn('liveness attempts exhausted', { sessionId, peerId, attempts: used });
      throw new AirError('LIVENESS_ATTEMPTS_EXHAUSTED', `this session allows ${this.#maxAttempts} liveness checks`);
    }
    this.#attempts.set(sessionId, used + 1);
    const challenges = this.#picker();
    const issuedAt = this.#now();
    const pending: Pending = {
      nonce: randomUUID(),
      challenges,
      issuedAt,
      expiresAt: issuedAt + this.#positioningMs + challenges.length * this.#perChallengeMs,
      perChallengeMs: this.#perChallengeMs,
    };
    // A new start replaces an unfinished one: only the latest nonce is valid.
    this.#pending.set(key(sessionId, peerId), pending);
    await this.#options.evidence?.append(sessionId, {
      type: 'liveness.started',
      data: { peerId, nonce: pending.nonce, challenges, issuedAt, expiresAt: pending.expiresAt },
    });
    const { nonce, expiresAt, perChallengeMs } = pending;
    return { nonce, challenges, issuedAt, expiresAt, perChallengeMs };
  }

  /**
   * Checks the evidence frames (format and limits first: a refused
   * submission stores nothing), re-measures them in the worker pool, signs
   * the full decision for the agents and the evidence, and answers the
   * customer with pass/fail and a retry hint only.
   */
  async submit(sessionId: string, peerId: string, request: SubmitLivenessRequest): Promise<LivenessOutcome> {
    const pending = this.#pending.get(key(sessionId, peerId));
    if (!pending || pending.nonce !== request.nonce) {
      throw new AirError('LIVENESS_NONCE_UNKNOWN', 'no liveness check with this nonce is open for you');
    }
    // Spent whatever happens next: a refused submission is an attempt too.
    this.#pending.delete(key(sessionId, peerId));
    const receivedAt = this.#now();
    let jpegs: CheckedFrame[];
    try {
      jpegs = checkFrames(request, pending.challenges, this.#frameLimits);
    } catch (error) {
      if (error instanceof AirError) await this.#refused(sessionId, peerId, pending.nonce, error);
      throw error;
    }
    const { measured, verdict, neutral, idPhoto } = await this.#remeasure(sessionId, pending, jpegs, receivedAt);
    const faceMatch =
      idPhoto && neutral
        ? { distance: descriptorDistance(idPhoto.descriptor, neutral), threshold: FACE_MATCH_THRESHOLD }
        : idPhoto
          ? { distance: Number.POSITIVE_INFINITY, threshold: FACE_MATCH_THRESHOLD }
          : undefined;
    const unsigned = {
      nonce: pending.nonce,
      sessionId,
      peerId,
      challenges: [...pending.challenges],
      passed: verdict.passed && (faceMatch ? faceMatch.distance <= faceMatch.threshold : true),
      liveness: {
        passed: verdict.passed,
        reasons: [...verdict.reasons],
        selfDistance: round(verdict.maxSelfDistance),
        selfThreshold: SELF_CONSISTENCY_THRESHOLD,
      },
      ...(faceMatch
        ? {
            faceMatch: {
              passed: faceMatch.distance <= faceMatch.threshold,
              // JSON has no Infinity: a missing face is reported as the largest distance possible (2 for unit vectors).
              distance: Number.isFinite(faceMatch.distance) ? round(faceMatch.distance) : 2,
              threshold: faceMatch.threshold,
            },
          }
        : {}),
      models: modelVersions(),
      decidedAt: this.#now(),
    };
    const decision: LivenessDecision = { ...unsigned, ...this.#options.signer.signCanonical(unsigned) };
    await this.#record(sessionId, peerId, decision, request, jpegs, measured);
    this.#options.notify?.(sessionId, peerId, decision);
    this.#options.log.info('liveness decided', {
      sessionId,
      peerId,
      passed: decision.passed,
      reasons: decision.liveness.reasons,
      faceMatch: decision.faceMatch?.passed ?? null,
    });
    const hint = retryHint(decision);
    return {
      nonce: decision.nonce,
      passed: decision.passed,
      ...(hint ? { hint } : {}),
      attemptsLeft: Math.max(0, this.#maxAttempts - (this.#attempts.get(sessionId) ?? 0)),
      decidedAt: decision.decidedAt,
    };
  }

  /**
   * Opens a nod or shake check for a journey confirmation: the same machinery as a liveness check (nonce,
   * time limits, frame limits, worker pool, signer), one gesture long, bound to the step and answer it
   * confirms. The caller (the journey service) bounds the attempts per step.
   */
  startGesture(sessionId: string, peerId: string, binding: GestureBinding): StartLivenessResponse {
    const challenges = gestureChallenges(binding.gesture);
    const issuedAt = this.#now();
    const pending: PendingGesture = {
      nonce: randomUUID(),
      sessionId,
      peerId,
      binding,
      challenges,
      issuedAt,
      expiresAt: issuedAt + this.#positioningMs + challenges.length * this.#perChallengeMs,
      perChallengeMs: this.#perChallengeMs,
    };
    this.#gestures.set(key(sessionId, peerId), pending);
    const { nonce, expiresAt, perChallengeMs } = pending;
    return { nonce, challenges, issuedAt, expiresAt, perChallengeMs };
  }

  /**
   * Re-measures a gesture's frames (neutral first, then one per head move) and signs the verdict; the nonce is
   * spent whatever happens. A face match against the session's ID photo joins the verdict when the bank set one.
   */
  async submitGesture(
    sessionId: string,
    peerId: string,
    request: Pick<SubmitLivenessRequest, 'nonce' | 'frames'>,
  ): Promise<GestureVerdict> {
    const pending = this.#gestures.get(key(sessionId, peerId));
    if (!pending || pending.nonce !== request.nonce) {
      throw new AirError('LIVENESS_NONCE_UNKNOWN', 'no gesture check with this nonce is open for you');
    }
    this.#gestures.delete(key(sessionId, peerId));
    const receivedAt = this.#now();
    const jpegs = checkFrames({ ...request, clientResult: { passed: true } }, pending.challenges, this.#frameLimits);
    const { measured, verdict, neutral, idPhoto } = await this.#remeasure(sessionId, pending, jpegs, receivedAt);
    const distance = idPhoto && neutral ? descriptorDistance(idPhoto.descriptor, neutral) : 2;
    const faceMatch = idPhoto
      ? { passed: distance <= FACE_MATCH_THRESHOLD, distance: round(distance), threshold: FACE_MATCH_THRESHOLD }
      : undefined;
    const evidence = this.#options.evidence;
    const files = evidence ? await storeFrames(evidence, sessionId, 'confirmation', pending.nonce, jpegs) : [];
    const { binding } = pending;
    const unsigned = {
      verification: pending.nonce,
      peerId,
      stepId: binding.stepId,
      ...(binding.answerId === undefined ? {} : { answerId: binding.answerId }),
      confirmation: binding.gesture,
      passed: verdict.passed && (faceMatch?.passed ?? true),
      reasons: [...verdict.reasons, ...(faceMatch && !faceMatch.passed ? ['face-match'] : [])],
      challenges: [...pending.challenges],
      frames: measured.map((m, index) => ({
        challenge: m.challenge,
        sha256: m.digest,
        faceCount: m.faceCount,
        file: files[index] ?? null,
      })),
      ...(faceMatch ? { faceMatch } : {}),
    };
    const signed: GestureVerdict = { ...unsigned, ...this.#options.signer.signCanonical(unsigned) };
    this.#options.log.info('gesture confirmation checked', {
      sessionId,
      peerId,
      stepId: binding.stepId,
      gesture: binding.gesture,
      passed: signed.passed,
      reasons: signed.reasons,
    });
    return signed;
  }

  /** The bank's reference photo for the session's face match: must show exactly one face. */
  async setIdPhoto(sessionId: string, jpeg: Uint8Array): Promise<void> {
    try {
      inspectJpeg(jpeg);
    } catch (error) {
      throw new AirError('INVALID_PARAMS', 'the ID photo is not a readable JPEG', { cause: error });
    }
    const descriptor = await this.#queue.run(sessionId, () => this.#analyzer.describeIdPhoto(jpeg));
    const digest = sha256(jpeg);
    await this.#idPhotos.put(sessionId, { descriptor, sha256: digest });
    await this.#options.evidence?.append(sessionId, {
      type: 'liveness.id-photo.set',
      data: { sha256: digest, bytes: jpeg.byteLength },
    });
  }

  async hasIdPhoto(sessionId: string): Promise<boolean> {
    return (await this.#idPhotos.get(sessionId)) !== undefined;
  }

  /**
   * Re-measures the frames in the vision threads (each frame its own job, so that another session's frames take
   * turns with these), checks them against what was issued, and returns the neutral frame's descriptor and the
   * session's ID photo for the face match.
   */
  async #remeasure(
    sessionId: string,
    issued: Parameters<typeof verifyEvidence>[0],
    frames: readonly CheckedFrame[],
    receivedAt: number,
  ): Promise<{
    measured: MeasuredFrame[];
    verdict: ReturnType<typeof verifyEvidence>;
    neutral: Float32Array | undefined;
    idPhoto: Awaited<ReturnType<IdPhotoStore['get']>>;
  }> {
    const measured = await Promise.all(
      frames.map(({ challenge, capturedAt, jpeg }) =>
        this.#queue.run(sessionId, () => this.#analyzer.measure({ challenge, capturedAt, jpeg })),
      ),
    );
    const verdict = verifyEvidence(issued, measured, receivedAt);
    const neutral = measured[0]?.challenge === 'neutral' ? measured[0].descriptor : undefined;
    return { measured, verdict, neutral, idPhoto: await this.#idPhotos.get(sessionId) };
  }

  /** Drops everything held for an ended session (pending nonces, attempt count, the ID descriptor). */
  async forgetSession(sessionId: string): Promise<void> {
    this.#attempts.delete(sessionId);
    for (const k of this.#pending.keys()) if (k.startsWith(`${sessionId}\u0000`)) this.#pending.delete(k);
    for (const k of this.#gestures.keys()) if (k.startsWith(`${sessionId}\u0000`)) this.#gestures.delete(k);
    await this.#idPhotos.delete(sessionId);
  }

  /** A refused submission leaves a trace in the evidence (bounded: one per attempt), never its frames. */
  async #refused(sessionId: string, peerId: string, nonce: string, error: AirError): Promise<void> {
    this.#options.log.warn('liveness submission refused', {
      sessionId,
      peerId,
      code: error.code,
      error: error.message,
    });
    try {
      await this.#options.evidence?.append(sessionId, {
        type: 'liveness.refused',
        data: { peerId, nonce, code: error.code, reason: error.message },
      });
    } catch (failure) {
      // The customer still gets the refusal's own code; a sealed package (session ending) takes no more entries.
      this.#options.log.warn('liveness refusal not recorded in evidence', { sessionId, error: failure });
    }
  }

  async #record(
    sessionId: string,
    peerId: string,
    decision: LivenessDecision,
    request: SubmitLivenessRequest,
    jpegs: readonly { challenge: string; jpeg: Uint8Array }[],
    measured: readonly MeasuredFrame[],
  ): Promise<void> {
    const evidence = this.#options.evidence;
    if (!evidence) return;
    const files = await storeFrames(evidence, sessionId, 'liveness', decision.nonce, jpegs);
    await evidence.append(sessionId, {
      type: 'liveness.decided',
      data: {
        peerId,
        decision,
        clientResult: request.clientResult,
        frames: measured.map((m, index) => ({
          challenge: m.challenge,
          capturedAt: m.capturedAt,
          sha256: m.digest,
          faceCount: m.faceCount,
          signals: m.signals ?? null,
          file: files[index] ?? null,
        })),
      },
    });
  }
}

/**
 * Stores a decision's frames as evidence files named after the check and its nonce, together rather than one after
 * another (each is synced: in turn they cost a sync each on the customer's wait). Returns their names in frame
 * order, none when the sink keeps no files.
 */
async function storeFrames(
  evidence: LivenessEvidenceSink,
  sessionId: string,
  check: 'liveness' | 'confirmation',
  nonce: string,
  frames: readonly { challenge: string; jpeg: Uint8Array }[],
): Promise<string[]> {
  if (!evidence.addFiles) return [];
  const files = frames.map((frame, index) => ({
    name: `${check}-${nonce}-${index}-${frame.challenge}.jpg`,
    source: { bytes: frame.jpeg },
    mediaType: 'image/jpeg',
  }));
  await evidence.addFiles(sessionId, files);
  return files.map((file) => file.name);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
