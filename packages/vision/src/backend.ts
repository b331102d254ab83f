import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * tfjs backends we support. `wasm` is the default: in headless Chromium without
 * a GPU it runs the face mesh at ~10-14 ms a frame against 115-200 ms for
 * WebGL on SwiftShader (bench/vision.ts measures both). `webgl` is used only
 * when the host registered it (`import '@tensorflow/tfjs-backend-webgl'`) and
 * asks for it, e.g. after measuring on its own devices.
 */
export type VisionBackend = 'wasm' | 'webgl';

let active: { backend: VisionBackend; ready: Promise<void> } | undefined;

/**
 * Selects the tfjs backend once per page/process. `wasmBaseUrl` is the folder
 * holding `tfjs-backend-wasm*.wasm` (a URL in the browser, a directory path
 * with a trailing slash in Node).
 */
export function useBackend(backend: VisionBackend, wasmBaseUrl: string): Promise<void> {
  if (active) {
    if (active.backend !== backend) {
      return Promise.reject(new Error(`tfjs backend already set to ${active.backend}; cannot switch to ${backend}`));
    }
    return active.ready;
  }
  const ready = (async () => {
    if (backend === 'wasm') {
      setWasmPaths(wasmBaseUrl.endsWith('/') ? wasmBaseUrl : `${wasmBaseUrl}/`);
    } else if (!tf.findBackendFactory(backend)) {
      throw new Error(
        `tfjs backend "${backend}" is not registered: import '@tensorflow/tfjs-backend-${backend}' first`,
      );
    }
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend "${backend}" failed to initialize`);
    await tf.ready();
  })();
  active = { backend, ready };
  ready.then(
    () => undefined,
    () => {
      // A failed start may be retried (e.g. after the host fixes the wasm URL).
      active = undefined;
    },
  );
  return ready;
}
