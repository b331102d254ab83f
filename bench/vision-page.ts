// Browser side of bench/vision.ts (bundled by esbuild, served by the bench).
import '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import type { LivenessOutcome, StartLivenessResponse, SubmitLivenessRequest } from '@aircounter/protocol';
import { createVision, type VisionBackend } from '@aircounter/vision';
import '../packages/elements/src/define/air-liveness-check.ts';
import { visionImport } from '../packages/elements/src/components/liveness-check/vision-loader.ts';
// The floor reaches under the package's API on purpose: the face mesh alone, as the product runs it.
import { httpAssets } from '../packages/vision/src/assets.ts';
import { createLandmarker } from '../packages/vision/src/landmarks.ts';
import { faceRegionStats } from '../packages/vision/src/quality/image-stats.ts';
import { faceSignals } from '../packages/vision/src/signals.ts';
import en from '../packages/elements/src/translations/en.ts';
import { installPuppetCamera, PUPPET_POSES, type PuppetChallenge, type PuppetPose } from './support/puppet-camera.ts';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function pixels(path: string): Promise<ImageData> {
  const bitmap = await createImageBitmap(await (await fetch(path)).blob());
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no canvas');
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** Per-frame analysis time (face mesh with tracking + quality gate) on a 640×480 camera frame, and model bytes fetched. */
async function inference(backend: VisionBackend, frames: number): Promise<unknown> {
  const t0 = performance.now();
  const vision = await createVision({ backend, modelsBaseUrl: '/assets/models/', wasmBaseUrl: '/assets/wasm/' });
  const loadMs = performance.now() - t0;
  const frame = await pixels('/fixtures/camera-frame.jpg');
  const first = performance.now();
  await vision.analyze(frame, { tracking: true });
  const firstFrameMs = performance.now() - first;
  const times: number[] = [];
  for (let i = 0; i < frames; i++) {
    const start = performance.now();
    await vision.analyze(frame, { tracking: true });
    times.push(performance.now() - start);
  }
  const landmarkModelBytes = vision.modelStats().bytes;
  const analysis = await vision.analyze(frame);
  const face = analysis.faces[0];
  if (!face) throw new Error('no face in the bench frame');
  const describeStart = performance.now();
  await vision.describe(frame, face);
  const firstDescribeMs = performance.now() - describeStart;
  return {
    backend,
    modelLoadMs: Math.round(loadMs),
    firstFrameMs: Math.round(firstFrameMs),
    analyzeMsMedian: Number(median(times).toFixed(1)),
    analyzeMsP95: Number([...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)]?.toFixed(1)),
    frames,
    landmarkModelBytes,
    allModelBytes: vision.modelStats().bytes,
    recognitionFirstMs: Math.round(firstDescribeMs),
  };
}

function p95(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? NaN;
}

/**
 * Face analysis against its floor, frame by frame in turn so that both see the same load: `analyze` on the
 * camera frame as the liveness check gives it (pixels in, landmarks, signals and quality gate out) and the
 * bare model inference — the same face mesh (same backend, detector and landmark models, tracking on) on the
 * same frame already in a tensor, nothing else.
 */
async function analysisAgainstFloor(backend: VisionBackend, frames: number): Promise<unknown> {
  const vision = await createVision({ backend, modelsBaseUrl: '/assets/models/', wasmBaseUrl: '/assets/wasm/' });
  const bare = await createLandmarker(httpAssets('/assets/models/'), { maxFaces: 2 });
  const frame = await pixels('/fixtures/camera-frame.jpg');
  const tensor = tf.browser.fromPixels(frame);
  try {
    // First calls compile kernels and warm the tracker: not counted.
    for (let i = 0; i < 3; i++) {
      await vision.analyze(frame, { tracking: true });
      await bare.detect(tensor, true);
    }
    const analysis: number[] = [];
    const floor: number[] = [];
    // Where the difference goes: each other step of `analyze`, timed alone on the same frame.
    const parts = { pixelsToTensor: [] as number[], faceSignals: [] as number[], faceRegionStats: [] as number[] };
    for (let i = 0; i < frames; i++) {
      let start = performance.now();
      await vision.analyze(frame, { tracking: true });
      analysis.push(performance.now() - start);
      start = performance.now();
      const [face] = await bare.detect(tensor, true);
      floor.push(performance.now() - start);
      if (!face) throw new Error('no face in the bench frame');
      start = performance.now();
      tf.browser.fromPixels(frame).dispose();
      parts.pixelsToTensor.push(performance.now() - start);
      start = performance.now();
      faceSignals(face.points);
      parts.faceSignals.push(performance.now() - start);
      start = performance.now();
      await faceRegionStats(tensor, face.box);
      parts.faceRegionStats.push(performance.now() - start);
    }
    const round = (ms: number) => Number(ms.toFixed(1));
    const summary = (values: readonly number[]) => ({ median: round(median(values)), p95: round(p95(values)) });
    return {
      backend,
      frames,
      analyzeMs: summary(analysis),
      floorMs: summary(floor),
      ratio: { median: round(median(analysis) / median(floor)), p95: round(p95(analysis) / p95(floor)) },
      partsMs: Object.fromEntries(Object.entries(parts).map(([name, values]) => [name, summary(values)])),
    };
  } finally {
    tensor.dispose();
    bare.dispose();
    vision.dispose();
  }
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * An `<air-liveness-check>` on the page, talking to the bench's verifier (`query` picks its session), with
 * `marks.submitted` set when it submits; resolves once rendered and, with `preload`, once its models are ready.
 */
async function livenessCheck(
  preload: boolean,
  marks: Record<string, number>,
  query: string,
): Promise<HTMLElementTagNameMap['air-liveness-check']> {
  const element = document.createElement('air-liveness-check');
  element.liveness = {
    start: () => post<StartLivenessResponse>(`/liveness/start${query}`, {}),
    submit: (s: SubmitLivenessRequest) => {
      marks['submitted'] = performance.now();
      return post<LivenessOutcome>(`/liveness/submit${query}`, s);
    },
  };
  element.modelsBaseUrl = '/assets/models/';
  element.wasmBaseUrl = '/assets/wasm/';
  element.preload = preload;
  document.body.append(element);
  await element.updateComplete;
  if (preload) await visionImport.shared;
  return element;
}

/**
 * From pressing start to the server's decision, through <air-liveness-check> and the fake camera clip; with
 * `preload`, the element loaded its models while on the page and the clock starts once they are ready.
 */
async function decision(preload: boolean): Promise<unknown> {
  const marks: Record<string, number> = {};
  const element = await livenessCheck(preload, marks, '');
  const observer = new MutationObserver(() => {
    const text = element.shadowRoot?.querySelector('[part~="prompt"]')?.textContent ?? '';
    if (!marks['positioning'] && /oval|Hold still|closer|middle/.test(text)) marks['positioning'] = performance.now();
    if (!marks['firstChallenge'] && text.includes('Look down')) marks['firstChallenge'] = performance.now();
  });
  observer.observe(element.shadowRoot as ShadowRoot, { subtree: true, childList: true, characterData: true });
  const start = performance.now();
  const detail = await new Promise<{ passed: boolean; decision?: LivenessOutcome }>((resolve, reject) => {
    element.addEventListener('air-liveness-completed', (e) => resolve(e.detail), { once: true });
    element.addEventListener('air-error', (e) => reject(new Error(`${e.detail.code}: ${e.detail.message}`)), {
      once: true,
    });
    void element.start();
  });
  const end = performance.now();
  observer.disconnect();
  const since = (mark: string): number | null => (marks[mark] ? Math.round(marks[mark] - start) : null);
  return {
    preloaded: preload,
    startToDecisionMs: Math.round(end - start),
    startToPositioningMs: since('positioning'),
    startToFirstChallengeMs: since('firstChallenge'),
    serverVerifyMs: marks['submitted'] ? Math.round(end - marks['submitted']) : null,
    passed: detail.passed,
    hint: detail.decision?.hint ?? null,
  };
}

/**
 * A customer who turns back to face the camera between two challenges takes about this long, ms: the
 * element takes the next challenge only from a head back near its neutral pose.
 */
const RETURN_TO_NEUTRAL_MS = 300;

/** One check with the puppet camera: its challenges and the times of its phases, ms from start. */
export interface PuppetDecision {
  readonly preloaded: boolean;
  readonly challenges: readonly PuppetChallenge[];
  readonly startToDecisionMs: number;
  /** The oval guide and its advice shown (models ready, camera open). */
  readonly startToPositioningMs: number | null;
  readonly startToFirstChallengeMs: number | null;
  /** Each challenge from its instruction to the next one's (the last: to the end of the challenges). */
  readonly challengeMs: readonly (number | null)[];
  /** The most of each challenge's step the progress bar showed, 0..1 (below 0.5: the pose was never entered). */
  readonly progressSeen: readonly number[];
  /** From the submission to the signed decision (the server re-measures the frames). */
  readonly serverVerifyMs: number | null;
  readonly passed: boolean;
  readonly failure: string | null;
  readonly hint: string | null;
}

/**
 * How the element's own analysis (wasm, tracking on, as in a check) reads each image: a few frames of the
 * neutral pose, then twelve of the image, the median yaw and pitch of its last six, degrees.
 */
async function poseSignals(files: readonly string[]): Promise<Record<string, { yaw: number; pitch: number } | null>> {
  const vision = await createVision({ modelsBaseUrl: '/assets/models/', wasmBaseUrl: '/assets/wasm/' });
  try {
    const neutral = await pixels(`/fixtures/${PUPPET_POSES.neutral}`);
    const result: Record<string, { yaw: number; pitch: number } | null> = {};
    for (const file of files) {
      const image = await pixels(`/fixtures/${file}`);
      for (let i = 0; i < 4; i++) await vision.analyze(neutral, { tracking: true });
      // The tracker follows the face box from frame to frame: the first frames after the switch are skipped.
      const seen: { yaw: number; pitch: number }[] = [];
      for (let i = 0; i < 12; i++) {
        const signals = (await vision.analyze(image, { tracking: true })).signals;
        if (signals && i >= 6) seen.push({ yaw: signals.yaw, pitch: signals.pitch });
      }
      const mid = (key: 'yaw' | 'pitch') => Number(median(seen.map((s) => s[key])).toFixed(1));
      result[file] = seen.length ? { yaw: mid('yaw'), pitch: mid('pitch') } : null;
    }
    return result;
  } finally {
    vision.dispose();
  }
}

/** The challenge whose instruction (English) the element shows, from its translations. */
function challengeOf(text: string): PuppetChallenge | undefined {
  const names: readonly PuppetChallenge[] = ['turnLeft', 'turnRight', 'lookUp', 'lookDown', 'nod'];
  return names.find((name) => en[`liveness.do.${name}`] === text);
}

/**
 * From pressing start to the server's decision for the challenges the server picks, through
 * <air-liveness-check> and the puppet camera: a customer who holds still in the oval and answers each
 * challenge the moment its instruction appears (the element's `air-caption` event). Between challenges
 * the puppet faces the camera for RETURN_TO_NEUTRAL_MS; a nod goes back up once the step's progress bar
 * shows the head down. With `preload`, the clock starts once the models are ready.
 */
async function puppetDecision(preload: boolean): Promise<PuppetDecision> {
  const puppet = await installPuppetCamera('/fixtures/');
  const marks: Record<string, number> = {};
  const asked: { challenge: PuppetChallenge; shown: number }[] = [];
  const progressSeen: number[] = [];
  const element = await livenessCheck(preload, marks, `?session=puppet-${crypto.randomUUID()}`);
  let returning: ReturnType<typeof setTimeout> | undefined;
  const show = (pose: PuppetPose): void => puppet.show(pose);
  element.addEventListener('air-caption', (event) => {
    const detail = event.detail;
    clearTimeout(returning);
    if (detail.type !== 'instruction') {
      marks['lastDetected'] ??= performance.now();
      show('neutral');
      return;
    }
    const challenge = challengeOf(detail.text);
    if (!challenge) throw new Error(`not a challenge the puppet can answer: ${detail.text}`);
    asked.push({ challenge, shown: performance.now() });
    if (asked.length === 1) show(challenge);
    else {
      show('neutral');
      returning = setTimeout(() => show(challenge), RETURN_TO_NEUTRAL_MS);
    }
  });
  // A nod: back up once the element has seen the head down (its progress bar passes ¾ of the step).
  const nodUp = setInterval(() => {
    const current = asked.at(-1);
    const bar = element.shadowRoot?.querySelector<HTMLElement>('[part~="progress-bar"] span');
    const total = element.shadowRoot?.querySelector('[part~="progress-bar"]')?.getAttribute('aria-valuemax');
    const width = Number.parseFloat(bar?.style.width ?? '0');
    if (current && total) {
      const share = (width / 100) * Number(total) - (asked.length - 1);
      progressSeen[asked.length - 1] = Math.max(progressSeen[asked.length - 1] ?? 0, Number(share.toFixed(2)));
    }
    if (current?.challenge !== 'nod') return;
    if (total && width >= Math.round(((asked.length - 1 + 0.75) / Number(total)) * 100)) show('neutral');
  }, 20);
  const observer = new MutationObserver(() => {
    const text = element.shadowRoot?.querySelector('[part~="prompt"]')?.textContent ?? '';
    if (!marks['positioning'] && /oval|Hold still|closer|middle/.test(text)) marks['positioning'] = performance.now();
  });
  observer.observe(element.shadowRoot as ShadowRoot, { subtree: true, childList: true, characterData: true });
  const start = performance.now();
  try {
    const detail = await new Promise<{ passed: boolean; decision?: LivenessOutcome; failure?: string }>(
      (resolve, reject) => {
        element.addEventListener('air-liveness-completed', (e) => resolve(e.detail), { once: true });
        element.addEventListener('air-error', (e) => reject(new Error(`${e.detail.code}: ${e.detail.message}`)), {
          once: true,
        });
        void element.start();
      },
    );
    const end = performance.now();
    // The element submits in the frame that completes the last challenge, before it renders (and clears the caption).
    const challengesEnd = Math.min(marks['lastDetected'] ?? end, marks['submitted'] ?? end);
    const ms = (from: number, to: number | undefined): number | null =>
      to === undefined ? null : Math.round(to - from);
    return {
      preloaded: preload,
      challenges: asked.map((c) => c.challenge),
      startToDecisionMs: Math.round(end - start),
      startToPositioningMs: ms(start, marks['positioning']),
      startToFirstChallengeMs: ms(start, asked[0]?.shown),
      challengeMs: asked.map((c, i) => ms(c.shown, asked[i + 1]?.shown ?? challengesEnd)),
      serverVerifyMs: ms(marks['submitted'] ?? end, end),
      progressSeen,
      passed: detail.passed,
      failure: detail.failure ?? null,
      hint: detail.decision?.hint ?? null,
    };
  } finally {
    clearTimeout(returning);
    clearInterval(nodUp);
    observer.disconnect();
    puppet.uninstall();
    element.remove();
  }
}

declare global {
  interface Window {
    benchVision: {
      inference: typeof inference;
      analysisAgainstFloor: typeof analysisAgainstFloor;
      decision: typeof decision;
      puppetDecision: typeof puppetDecision;
      poseSignals: typeof poseSignals;
    };
  }
}
window.benchVision = { inference, analysisAgainstFloor, decision, puppetDecision, poseSignals };
