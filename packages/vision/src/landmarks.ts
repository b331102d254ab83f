import * as tf from '@tensorflow/tfjs-core';
import * as faceMesh from '@tensorflow-models/face-landmarks-detection';
import type { AssetSource } from './assets.ts';
import { MESH_POINTS } from './geometry/mesh-indices.ts';
import type { Point3 } from './geometry/point.ts';
import { MODELS } from './model-catalog.ts';
import { graphModelHandler } from './model-io.ts';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DetectedFace {
  readonly box: Box;
  /** 468 landmarks in image pixels. */
  readonly points: readonly Point3[];
}

export interface LandmarkerOptions {
  /**
   * Faces looked for per frame. 2 is enough to tell "more than one person";
   * each extra face costs one more landmark pass.
   */
  readonly maxFaces?: number;
}

export interface FaceLandmarker {
  /**
   * Faces in an RGB image (`[height, width, 3]`). `tracking` reuses the
   * previous frame's face regions (video); leave it off for unrelated stills.
   */
  detect(image: tf.Tensor3D, tracking?: boolean): Promise<DetectedFace[]>;
  /** Forgets tracked regions (a new video or a new subject). */
  reset(): void;
  dispose(): void;
}

/** MediaPipe face mesh (tfjs runtime, 468 points: refineLandmarks off, the attention mesh fails on wasm). */
export async function createLandmarker(assets: AssetSource, options: LandmarkerOptions = {}): Promise<FaceLandmarker> {
  const detector = await faceMesh.createDetector(faceMesh.SupportedModels.MediaPipeFaceMesh, {
    runtime: 'tfjs',
    refineLandmarks: false,
    maxFaces: options.maxFaces ?? 2,
    detectorModelUrl: graphModelHandler(assets, MODELS.detector.entry),
    landmarkModelUrl: graphModelHandler(assets, MODELS.landmarks.entry),
  });
  return {
    async detect(image: tf.Tensor3D, tracking = false): Promise<DetectedFace[]> {
      // The pipeline blends in the previous call's face regions even in static
      // mode, which makes a still's landmarks depend on the image analysed
      // before it (pitch moved by ~7° on our fixtures): forget them first.
      if (!tracking) detector.reset();
      const faces = await detector.estimateFaces(image, { staticImageMode: !tracking, flipHorizontal: false });
      return faces
        .filter((face) => face.keypoints.length >= MESH_POINTS)
        .map((face) => ({
          box: { x: face.box.xMin, y: face.box.yMin, width: face.box.width, height: face.box.height },
          points: face.keypoints.map((k) => ({ x: k.x, y: k.y, z: k.z ?? 0 })),
        }));
    },
    reset: () => detector.reset(),
    dispose: () => detector.dispose(),
  };
}
