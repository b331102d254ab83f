// Node entry of @aircounter/vision (server-side re-verification, tests, benches).
import { fileURLToPath } from 'node:url';
import { createVision, type Vision, type VisionOptions } from '../vision.ts';
import { fileAssets } from './file-assets.ts';

export { fileAssets } from './file-assets.ts';
export { decodeJpeg, encodeJpeg } from './decode-jpeg.ts';
export { measureFrame, type EvidenceJpeg } from './measure-frame.ts';

/** This package's `assets/` folder (filled by scripts/setup/vision-assets.ts). */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../assets/', import.meta.url));

export interface NodeVisionOptions extends Omit<VisionOptions, 'assets' | 'modelsBaseUrl' | 'wasmBaseUrl' | 'backend'> {
  /** Folder holding `models/` and `wasm/`. */
  readonly assetsDir?: string;
}

/** Vision on the wasm backend with models read from disk. */
export function createNodeVision(options: NodeVisionOptions = {}): Promise<Vision> {
  const dir = options.assetsDir ?? DEFAULT_ASSETS_DIR;
  return createVision({
    ...options,
    assets: fileAssets(`${dir}/models`),
    wasmBaseUrl: `${dir}/wasm/`,
    backend: 'wasm',
  });
}
