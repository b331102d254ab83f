/// <reference types="mocha" />
import { createVision, type Vision } from '../../src/index.ts';

let shared: Promise<Vision> | undefined;

/** One Vision per page: models from this package's assets/ as served by the test server. */
export function browserVision(): Promise<Vision> {
  shared ??= createVision({ maxFaces: 3 });
  return shared;
}

/** Decodes a fixture image served by the test server (repository root is the server root). */
export async function fixtureBitmap(path: string): Promise<ImageBitmap> {
  const response = await fetch(`/${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return createImageBitmap(await response.blob());
}

/** ImageData of a bitmap, as tfjs reads it from a canvas. */
export function pixels(bitmap: ImageBitmap): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height);
}
