import { createHash, randomUUID } from 'node:crypto';
import {
  AirError,
  type LivenessChallenge,
  type LivenessDecision,
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
import { createNodeVision, decodeJpeg, measureFrame } from '@aircounter/vision/node';
import type { Logger } from '../log.ts';
import { randomChallenges, type ChallengePicker } from './challenge-picker.ts';
import {
  memoryIdPhotoStore,
  type DecisionNotifier,
  type DecisionSigner,
  type IdPhotoStore,
  type LivenessEvidenceSink,
} from './ports.ts';

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
  /** How the face models are loaded (default: from @aircounter/vision's assets on disk, wasm backend). */
  readonly loadVision?: () => Promise<Vision>;
  readonly now?: () => number;
}

interface Pending extends IssuedLiveness {
  readonly nonce: string;
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
  readonly #pending = new Map<string, Pending>();
  readonly #idPhotos: IdPhotoStore;
  #vision: Promise<Vision> | undefined;
  /** One model job at a time: the wasm backend is single-threaded and frames are large. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LivenessServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#picker = options.picker ?? randomChallenges(3);
    this.#perChallengeMs = options.perChallengeMs ?? 10_000;
    this.#positioningMs = options.positioningMs ?? 30_000;
    this.#idPhotos = options.idPhotos ?? memoryIdPhotoStore();
  }

  /** Loads the models now instead of on the first submission. */
  warmUp(): Promise<void> {
    return this.#visionInstance().then(() => undefined);
  }

  async start(sessionId: string, peerId: string): Promise<StartLivenessResponse> {
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

  async submit(sessionId: string, peerId: string, request: SubmitLivenessRequest): Promise<LivenessDecision> {
    const pending = this.#pending.get(key(sessionId, peerId));
    if (!pending || pending.nonce !== request.nonce) {
      throw new AirError('LIVENESS_NONCE_UNKNOWN', 'no liveness check with this nonce is open for you');
    }
    this.#pending.delete(key(sessionId, peerId));
    const receivedAt = this.#now();
    const jpegs = request.frames.map((frame) => ({
      challenge: frame.challenge,
      capturedAt: frame.capturedAt,
      jpeg: new Uint8Array(Buffer.from(frame.jpegBase64, 'base64')),
    }));
    const measured = await this.#exclusive(async () => {
      const vision = await this.#visionInstance();
      const out: MeasuredFrame[] = [];
      for (const jpeg of jpegs) out.push(await this.#measure(vision, jpeg));
      return out;
    });
    const verdict = verifyEvidence(pending, measured, receivedAt);
    const neutral = measured[0]?.challenge === 'neutral' ? measured[0].descriptor : undefined;
    const idPhoto = await this.#idPhotos.get(sessionId);
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
    return decision;
  }

  /** The bank's reference photo for the session's face match: must show exactly one face. */
  async setIdPhoto(sessionId: string, jpeg: Uint8Array): Promise<void> {
    const descriptor = await this.#exclusive(async () => {
      const vision = await this.#visionInstance();
      let image;
      try {
        image = decodeJpeg(jpeg);
      } catch (error) {
        throw new AirError('INVALID_PARAMS', 'the ID photo is not a readable JPEG', { cause: error });
      }
      try {
        const analysis = await vision.analyze(image);
        const [face] = analysis.faces;
        if (!face || analysis.faces.length !== 1) {
          throw new AirError(
            'INVALID_PARAMS',
            `the ID photo must show exactly one face (found ${analysis.faces.length})`,
          );
        }
        return await vision.describe(image, face);
      } finally {
        image.dispose();
      }
    });
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

  /** Drops everything held for an ended session (pending nonces, the ID descriptor). */
  async forgetSession(sessionId: string): Promise<void> {
    await this.#idPhotos.delete(sessionId);
    for (const k of this.#pending.keys()) if (k.startsWith(`${sessionId}\u0000`)) this.#pending.delete(k);
  }

  async #measure(
    vision: Vision,
    frame: { challenge: LivenessChallenge | 'neutral'; capturedAt: number; jpeg: Uint8Array },
  ): Promise<MeasuredFrame> {
    try {
      return await measureFrame(vision, frame);
    } catch (error) {
      // An undecodable frame is the client's fault: it fails the check, it is not a server error.
      this.#options.log.warn('liveness frame unreadable', { challenge: frame.challenge, error });
      return { challenge: frame.challenge, capturedAt: frame.capturedAt, faceCount: 0, digest: sha256(frame.jpeg) };
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
    const files: string[] = [];
    if (evidence.addFile) {
      for (const [index, frame] of jpegs.entries()) {
        const name = `liveness-${decision.nonce}-${index}-${frame.challenge}.jpg`;
        await evidence.addFile(sessionId, name, { bytes: frame.jpeg }, { mediaType: 'image/jpeg' });
        files.push(name);
      }
    }
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

  #visionInstance(): Promise<Vision> {
    this.#vision ??= (this.#options.loadVision ?? (() => createNodeVision({ maxFaces: 2 })))();
    this.#vision.catch(() => {
      // Let the next call retry loading (e.g. after `make setup` fetched the models).
      this.#vision = undefined;
    });
    return this.#vision;
  }

  #exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
