import type {
  EvidenceFrame,
  LivenessChallenge,
  LivenessOutcome,
  StartLivenessResponse,
  SubmitLivenessRequest,
} from '@aircounter/protocol';
import { AirError } from '@aircounter/protocol';
// Types only: the vision package (tfjs, ~1.7 MB of models) is loaded with a
// dynamic import once the check starts, never with the elements bundle.
import type { OvalGuide, QualityIssue, Vision } from '@aircounter/vision';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the element needs from the client: `session.liveness` of @aircounter/client fits. */
export interface LivenessPort {
  start(): Promise<StartLivenessResponse>;
  submit(submission: SubmitLivenessRequest): Promise<LivenessOutcome>;
}

/** idle → loading → positioning → challenge … → submitting → passed | failed; error at any time. */
export type CheckPhase =
  'idle' | 'loading' | 'positioning' | 'challenge' | 'submitting' | 'passed' | 'failed' | 'error';

export interface CheckRunOptions {
  readonly port: LivenessPort;
  readonly video: HTMLVideoElement;
  readonly oval: OvalGuide;
  readonly modelsBaseUrl?: string;
  readonly wasmBaseUrl?: string;
  /** A camera stream the host already has (not stopped by the element). */
  readonly stream?: MediaStream;
}

export interface CheckOutcome {
  readonly passed: boolean;
  readonly decision?: LivenessOutcome;
  readonly failure?: 'timeout' | 'expired';
}

/** Room left for the submission to reach the server before the nonce expires, ms. */
const SUBMIT_MARGIN_MS = 3000;
const JPEG_QUALITY = 0.85;

export function livenessSupported(): boolean {
  return (
    typeof WebAssembly === 'object' &&
    typeof navigator !== 'undefined' &&
    typeof navigator.mediaDevices?.getUserMedia === 'function' &&
    typeof HTMLCanvasElement !== 'undefined' &&
    typeof HTMLCanvasElement.prototype.toBlob === 'function'
  );
}

function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(() => resolve());
    else requestAnimationFrame(() => resolve());
  });
}

async function playing(video: HTMLVideoElement): Promise<void> {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
    await new Promise<void>((resolve) => video.addEventListener('loadeddata', () => resolve(), { once: true }));
  }
  await video.play();
}

// Loaded once per page and shared by every <air-liveness-check>.
let visionLoad: Promise<Vision> | undefined;
function loadVision(options: CheckRunOptions): Promise<Vision> {
  visionLoad ??= import('@aircounter/vision').then((vision) =>
    vision.createVision({
      ...(options.modelsBaseUrl ? { modelsBaseUrl: options.modelsBaseUrl } : {}),
      ...(options.wasmBaseUrl ? { wasmBaseUrl: options.wasmBaseUrl } : {}),
      oval: options.oval,
    }),
  );
  visionLoad.catch(() => {
    // A failed load (e.g. models not served yet) may be retried by the next run.
    visionLoad = undefined;
  });
  return visionLoad;
}

/**
 * Runs one liveness check for its host element: camera, face analysis frame
 * by frame, the challenge state machine, evidence frames and the submission.
 * No network code: it talks to the server only through the {@link LivenessPort}.
 */
export class LivenessCheckController implements ReactiveController {
  phase: CheckPhase = 'idle';
  challenges: readonly LivenessChallenge[] = [];
  /** Index of the current challenge. */
  index = 0;
  /** Progress of the current challenge or of positioning, 0..1. */
  progress = 0;
  issues: readonly QualityIssue[] = [];
  outcome: CheckOutcome | undefined;
  #host: ReactiveControllerHost;
  #run = 0;
  #ownedStream: MediaStream | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  get running(): boolean {
    return ['loading', 'positioning', 'challenge', 'submitting'].includes(this.phase);
  }

  /** Stops a running check and releases the camera (idempotent). */
  cancel(): void {
    this.#run += 1;
    this.#releaseCamera();
    if (this.running) this.#set({ phase: 'idle' });
  }

  /**
   * Runs a check to its end. Resolves with the outcome; rejects with an
   * AirError (camera, models, server) — the element turns it into `air-error`.
   * Resolves `undefined` when cancelled.
   */
  async run(options: CheckRunOptions): Promise<CheckOutcome | undefined> {
    const run = ++this.#run;
    const live = (): boolean => run === this.#run;
    this.#set({ phase: 'loading', index: 0, progress: 0, issues: [], outcome: undefined, challenges: [] });
    try {
      if (!livenessSupported())
        throw new AirError('DEVICE_UNAVAILABLE', 'liveness check not supported by this browser');
      const [vision, stream] = await Promise.all([loadVision(options), this.#camera(options)]);
      if (!live()) return undefined;
      options.video.srcObject = stream;
      await playing(options.video);
      const issued = await options.port.start();
      if (!live()) return undefined;
      const outcome = await this.#loop(options, vision, issued, live);
      if (outcome && live()) this.#set({ phase: outcome.passed ? 'passed' : 'failed', outcome });
      return live() ? outcome : undefined;
    } catch (error) {
      if (live()) this.#set({ phase: 'error' });
      throw error;
    } finally {
      if (live()) this.#releaseCamera();
    }
  }

  async #camera(options: CheckRunOptions): Promise<MediaStream> {
    if (options.stream) return options.stream;
    try {
      this.#ownedStream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
    } catch (error) {
      throw new AirError('DEVICE_UNAVAILABLE', 'camera unavailable', { cause: error });
    }
    return this.#ownedStream;
  }

  async #loop(
    options: CheckRunOptions,
    vision: Vision,
    issued: StartLivenessResponse,
    live: () => boolean,
  ): Promise<CheckOutcome | undefined> {
    const { createLivenessRun, captureFrame } = await import('@aircounter/vision');
    const machine = createLivenessRun({
      challenges: issued.challenges,
      perChallengeMs: issued.perChallengeMs,
      totalMs: Math.max(0, issued.expiresAt - issued.issuedAt - SUBMIT_MARGIN_MS),
    });
    this.#set({ phase: 'positioning', challenges: issued.challenges });
    const canvas = document.createElement('canvas');
    const evidence = new Map<LivenessChallenge | 'neutral', EvidenceFrame>();
    let state = machine.state();
    while (live() && (state.phase === 'positioning' || state.phase === 'challenge')) {
      await nextFrame(options.video);
      if (!live()) return undefined;
      const capturedAt = Date.now();
      const frame = captureFrame(options.video, canvas);
      const analysis = await vision.analyze(frame.canvas, { tracking: true });
      const step = machine.push({
        t: performance.now(),
        quality: analysis.quality,
        ...(analysis.signals ? { signals: analysis.signals } : {}),
      });
      if (step.capture) {
        const challenge = step.capture;
        evidence.set(challenge, { challenge, capturedAt, jpegBase64: await frame.toJpegBase64(JPEG_QUALITY) });
      }
      state = step.state;
      this.#set({
        phase: state.phase === 'challenge' ? 'challenge' : this.phase,
        index: state.index,
        progress: state.progress,
        issues: state.issues,
      });
    }
    if (!live()) return undefined;
    const frames = (['neutral', ...issued.challenges] as const)
      .map((name) => evidence.get(name))
      .filter((f): f is EvidenceFrame => f !== undefined);
    const failure = state.phase === 'failed' ? state.failure : undefined;
    // Without a neutral frame there is nothing the server could check.
    if (!evidence.has('neutral')) return { passed: false, ...(failure ? { failure } : {}) };
    this.#set({ phase: 'submitting', progress: 1 });
    const decision = await options.port.submit({
      nonce: issued.nonce,
      frames,
      clientResult: { passed: state.phase === 'complete' },
    });
    return { passed: decision.passed, decision, ...(failure ? { failure } : {}) };
  }

  #releaseCamera(): void {
    for (const track of this.#ownedStream?.getTracks() ?? []) track.stop();
    this.#ownedStream = undefined;
  }

  #set(
    patch: Partial<Pick<LivenessCheckController, 'phase' | 'challenges' | 'index' | 'progress' | 'issues' | 'outcome'>>,
  ): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }
}
