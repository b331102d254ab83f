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
 * From pressing start to the server's decision, through <air-liveness-check> and the fake camera clip; with
 * `preload`, the element loaded its models while on the page and the clock starts once they are ready.
 */
async function decision(preload: boolean): Promise<unknown> {
  const marks: Record<string, number> = {};
  const port = {
    start: () => post<StartLivenessResponse>('/liveness/start', {}),
    submit: (s: SubmitLivenessRequest) => {
      marks['submitted'] = performance.now();
      return post<LivenessOutcome>('/liveness/submit', s);
    },
  };
  const element = document.createElement('air-liveness-check');
  element.liveness = port;
  element.modelsBaseUrl = '/assets/models/';
  element.wasmBaseUrl = '/assets/wasm/';
  element.preload = preload;
  document.body.append(element);
  await element.updateComplete;
  if (preload) await visionImport.shared;
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

declare global {
  interface Window {
    benchVision: {
      inference: typeof inference;
      analysisAgainstFloor: typeof analysisAgainstFloor;
      decision: typeof decision;
    };
  }
}
window.benchVision = { inference, analysisAgainstFloor, decision };
