import * as tf from '@tensorflow/tfjs-core';
import { httpAssets, type AssetSource } from './assets.ts';
import { useBackend, type VisionBackend } from './backend.ts';
import { faceChips } from './face-match/face-chip.ts';
import { CHIP_SIZE, createRecognitionNet, type RecognitionNet } from './face-match/recognition-net.ts';
import { distinctFaces } from './faces.ts';
import { createLandmarker, type DetectedFace, type FaceLandmarker } from './landmarks.ts';
import { MODELS } from './model-catalog.ts';
import { loadWeightMap } from './model-io.ts';
import type { OvalGuide } from './quality/oval-guide.ts';
import { assessQuality, type QualityReport, type QualityThresholds } from './quality/quality-gate.ts';
import { faceSignals, type FaceSignals } from './signals.ts';

/** Pixels tfjs can read, or an RGB `[h, w, 3]` tensor (Node). */
export type VisionImage =
  tf.Tensor3D | ImageData | HTMLVideoElement | HTMLCanvasElement | HTMLImageElement | ImageBitmap;

export interface VisionOptions {
  /** Folder with the model files (see scripts/setup/vision-assets.ts). Default: this package's `assets/models/`. */
  readonly modelsBaseUrl?: string | URL;
  /** Folder with `tfjs-backend-wasm*.wasm`. Default: this package's `assets/wasm/`. */
  readonly wasmBaseUrl?: string | URL;
  /** Replaces `modelsBaseUrl`: where model bytes come from (Node reads files). */
  readonly assets?: AssetSource;
  readonly backend?: VisionBackend;
  /** Faces looked for per frame (2 tells "more than one"). */
  readonly maxFaces?: number;
  readonly oval?: OvalGuide;
  readonly quality?: QualityThresholds;
}

export interface FrameAnalysis {
  readonly width: number;
  readonly height: number;
  /** Distinct faces, most confident first. */
  readonly faces: readonly DetectedFace[];
  /** Signals of the face when there is exactly one. */
  readonly signals?: FaceSignals;
  readonly quality: QualityReport;
}

export interface Vision {
  /** Faces, their signals and the quality gate for one frame. `tracking` for consecutive video frames. */
  analyze(image: VisionImage, options?: { tracking?: boolean }): Promise<FrameAnalysis>;
  /** 128-D descriptor of a face found by `analyze` in the same image (loads the recognition net on first use). */
  describe(image: VisionImage, face: DetectedFace): Promise<Float32Array>;
  /**
   * Runs the detector once on a blank frame, so that the first real frame
   * does not pay for preparing its kernels (on wasm a few hundred ms); with
   * `recognition`, also loads the recognition net and runs it once (about a
   * second on wasm, and 6 MB of weights a browser that never calls
   * `describe` need not download).
   */
  warmUp(parts?: { readonly recognition?: boolean }): Promise<void>;
  /** Model bytes and files read so far. */
  modelStats(): { bytes: number; files: number };
  dispose(): void;
}

function asTensor(image: VisionImage): { tensor: tf.Tensor3D; owned: boolean } {
  if (image instanceof tf.Tensor) return { tensor: image, owned: false };
  return { tensor: tf.browser.fromPixels(image), owned: true };
}

/**
 * Loads the backend and the face mesh (the recognition net only when first
 * needed) and returns the analysis functions. Call once and reuse.
 */
export async function createVision(options: VisionOptions = {}): Promise<Vision> {
  const assets = options.assets ?? httpAssets(options.modelsBaseUrl ?? new URL('../assets/models/', import.meta.url));
  await useBackend(
    options.backend ?? 'wasm',
    String(options.wasmBaseUrl ?? new URL('../assets/wasm/', import.meta.url)),
  );
  const landmarker: FaceLandmarker = await createLandmarker(assets, { maxFaces: options.maxFaces ?? 2 });
  let recognition: Promise<RecognitionNet> | undefined;

  async function analyze(image: VisionImage, analyzeOptions: { tracking?: boolean } = {}): Promise<FrameAnalysis> {
    const { tensor, owned } = asTensor(image);
    try {
      const [height, width] = tensor.shape;
      const faces = distinctFaces(await landmarker.detect(tensor, analyzeOptions.tracking ?? false), width);
      const only = faces.length === 1 ? faces[0] : undefined;
      const signals = only ? faceSignals(only.points) : undefined;
      const quality = await assessQuality({
        image: tensor,
        faces,
        ...(signals ? { signals } : {}),
        ...(options.oval ? { oval: options.oval } : {}),
        ...(options.quality ? { thresholds: options.quality } : {}),
      });
      return signals ? { width, height, faces, signals, quality } : { width, height, faces, quality };
    } finally {
      if (owned) tensor.dispose();
    }
  }

  function recognitionNet(): Promise<RecognitionNet> {
    recognition ??= loadWeightMap(assets, MODELS.recognition.entry).then(createRecognitionNet);
    return recognition;
  }

  async function describe(image: VisionImage, face: DetectedFace): Promise<Float32Array> {
    const net = await recognitionNet();
    const { tensor, owned } = asTensor(image);
    const chips = faceChips(tensor, [face.points]);
    try {
      const [descriptor] = await net.describe(chips);
      if (!descriptor) throw new Error('recognition net returned no descriptor');
      return descriptor;
    } finally {
      chips.dispose();
      if (owned) tensor.dispose();
    }
  }

  async function warmUp(parts: { readonly recognition?: boolean } = {}): Promise<void> {
    // A blank frame has no face: the detector runs, the landmark pass does not.
    const frame = tf.zeros<tf.Rank.R3>([480, 640, 3], 'int32');
    const chip = tf.zeros<tf.Rank.R4>([1, CHIP_SIZE, CHIP_SIZE, 3], 'int32');
    try {
      await analyze(frame);
      if (parts.recognition === true) await (await recognitionNet()).describe(chip);
    } finally {
      frame.dispose();
      chip.dispose();
    }
  }

  return {
    analyze,
    describe,
    warmUp,
    modelStats: () => assets.stats(),
    dispose(): void {
      landmarker.dispose();
      if (recognition) void recognition.then((net) => net.dispose());
    },
  };
}
