import type {
  EvidenceFrame,
  LivenessChallenge,
  LivenessOutcome,
  StartLivenessResponse,
  SubmitLivenessRequest,
} from '@aircounter/protocol';
import { AirError } from '@aircounter/protocol';
// Types only: the vision package (tfjs, ~1.7 MB of models) is an optional
// peer dependency, loaded with a dynamic import once the check starts, never
// with the elements bundle (see vision-loader.ts).
import type { Vision } from '@aircounter/vision';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { importVision, visionImport } from './vision-loader.ts';

/**
 * The oval the face must fill, in shares of the frame. The same shape as
 * @aircounter/vision's `OvalGuide` (the test checks it), declared here so
 * that this package's public declarations do not name the optional package.
 */
export interface OvalGuide {
  readonly centerX: number;
  readonly centerY: number;
  /** Horizontal radius as a share of the frame width. */
  readonly radiusX: number;
  /** Vertical radius as a share of the frame height. */
  readonly radiusY: number;
}

/** Why a frame is not good enough: @aircounter/vision's `QualityIssue` (the test checks they agree). */
export type QualityIssue =
  | 'noFace'
  | 'multipleFaces'
  | 'moveCloser'
  | 'moveBack'
  | 'centerFace'
  | 'tooDark'
  | 'tooBright'
  | 'blurry'
  | 'faceCamera';

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

/** What loading the face models needs from a check's options. */
export type VisionLoadOptions = Pick<CheckRunOptions, 'oval' | 'modelsBaseUrl' | 'wasmBaseUrl'>;

// Loaded once per page and shared by every <air-liveness-check> (kept in
// `visionImport.shared`, which a test clears to load again). The detector runs
// once on a blank frame before the models count as loaded, while the camera
// opens, so that the customer's first frame is not the slow one.
function loadVision(options: VisionLoadOptions): Promise<Vision> {
  const load = (visionImport.shared ??= importVision().then(async (module) => {
    const vision = await module.createVision({
      ...(options.modelsBaseUrl ? { modelsBaseUrl: options.modelsBaseUrl } : {}),
      ...(options.wasmBaseUrl ? { wasmBaseUrl: options.wasmBaseUrl } : {}),
      oval: options.oval,
    });
    await vision.warmUp();
    return vision;
  }));
  load.catch(() => {
    // A failed load (e.g. models not served yet) may be retried by the next run.
    if (visionImport.shared === load) visionImport.shared = undefined;
  });
  return load;
}

/**
 * Runs one liveness check for its host element: camera, face analysis frame
 * by frame, the challenge state machine, evidence frames and the submission.
 * No network code: it talks to the server only through the {@link LivenessPort}.
 *
 * A `Task`: cancelling (or leaving the page) aborts its signal, which stops
 * the frame loop, drops what the server answers afterwards and closes a
 * camera that opens too late.
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
  readonly #host: ReactiveControllerHost;
  readonly #task: Task<readonly [CheckRunOptions], CheckOutcome>;
  #ownedStream: MediaStream | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
    this.#task = new Task<readonly [CheckRunOptions], CheckOutcome>(host, {
      autoRun: false,
      task: ([options], { signal }) => this.#check(options, signal),
    });
  }

  hostDisconnected(): void {
    this.cancel();
  }

  get running(): boolean {
    return ['loading', 'positioning', 'challenge', 'submitting'].includes(this.phase);
  }

  /** Why the last check could not run (phase `error`): an AirError (camera, models, server). */
  get error(): unknown {
    return this.phase === 'error' && this.#task.status === TaskStatus.ERROR ? this.#task.error : undefined;
  }

  /**
   * Loads the face models ahead of a check (the page's one shared instance),
   * so that starting only opens the camera. A failure is kept quiet: the
   * check itself loads again and reports it.
   */
  preload(options: VisionLoadOptions): void {
    if (!livenessSupported()) return;
    loadVision(options).catch(() => undefined);
  }

  /** Stops a running check and releases the camera (idempotent). */
  cancel(): void {
    this.#task.abort();
    this.#releaseCamera();
    if (this.running) this.#set({ phase: 'idle' });
  }

  /**
   * Runs a check to its end: then `phase` is `passed` or `failed` (with
   * `outcome`), `error` (with `error`), or `idle` when it was cancelled.
   */
  run(options: CheckRunOptions): Promise<void> {
    return this.#task.run([options]);
  }

  async #check(options: CheckRunOptions, signal: AbortSignal): Promise<CheckOutcome | typeof initialState> {
    this.#set({ phase: 'loading', index: 0, progress: 0, issues: [], outcome: undefined, challenges: [] });
    try {
      if (!livenessSupported())
        throw new AirError('DEVICE_UNAVAILABLE', 'liveness check not supported by this browser');
      const [vision, stream] = await Promise.all([loadVision(options), this.#camera(options, signal)]);
      signal.throwIfAborted();
      options.video.srcObject = stream;
      await playing(options.video);
      const issued = await options.port.start();
      signal.throwIfAborted();
      const outcome = await this.#loop(options, vision, issued, signal);
      this.#set({ phase: outcome.passed ? 'passed' : 'failed', outcome });
      return outcome;
    } catch (error) {
      // Cancelled: cancel() already released the camera and went back to idle.
      if (signal.aborted) return initialState;
      this.#set({ phase: 'error' });
      throw error;
    } finally {
      if (!signal.aborted) this.#releaseCamera();
    }
  }

  async #camera(options: CheckRunOptions, signal: AbortSignal): Promise<MediaStream> {
    if (options.stream) return options.stream;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
    } catch (error) {
      throw new AirError('DEVICE_UNAVAILABLE', 'camera unavailable', { cause: error });
    }
    if (signal.aborted) {
      // getUserMedia cannot be aborted: a camera granted after a cancel is closed at once.
      for (const track of stream.getTracks()) track.stop();
      signal.throwIfAborted();
    }
    this.#ownedStream = stream;
    return stream;
  }

  async #loop(
    options: CheckRunOptions,
    vision: Vision,
    issued: StartLivenessResponse,
    signal: AbortSignal,
  ): Promise<CheckOutcome> {
    const { createLivenessRun, captureFrame } = await importVision();
    const machine = createLivenessRun({
      challenges: issued.challenges,
      perChallengeMs: issued.perChallengeMs,
      totalMs: Math.max(0, issued.expiresAt - issued.issuedAt - SUBMIT_MARGIN_MS),
    });
    this.#set({ phase: 'positioning', challenges: issued.challenges });
    const canvas = document.createElement('canvas');
    const evidence = new Map<LivenessChallenge | 'neutral', EvidenceFrame>();
    let state = machine.state();
    while (state.phase === 'positioning' || state.phase === 'challenge') {
      signal.throwIfAborted();
      await nextFrame(options.video);
      signal.throwIfAborted();
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
    signal.throwIfAborted();
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
