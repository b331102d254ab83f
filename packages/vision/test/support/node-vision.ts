import { readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs-core';
import { createNodeVision, decodeJpeg } from '../../src/node/index.ts';
import type { Vision } from '../../src/vision.ts';
import { ensureFaceFixtures } from './face-fixtures.ts';

let shared: Promise<Vision> | undefined;

/** One Vision per test file (models load once); fixtures generated first. */
export function nodeVision(): Promise<Vision> {
  ensureFaceFixtures();
  shared ??= createNodeVision({ maxFaces: 3 });
  return shared;
}

export function loadImage(path: string): tf.Tensor3D {
  return decodeJpeg(readFileSync(path));
}
