import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeVision } from '../../src/node/index.ts';
import type { Vision } from '../../src/vision.ts';
import { ensureFaceFixtures, generated } from '../support/face-fixtures.ts';
import { loadImage } from '../support/node-vision.ts';

async function descriptorOf(vision: Vision, name: string): Promise<Float32Array> {
  const image = loadImage(generated(name));
  try {
    const [face] = (await vision.analyze(image)).faces;
    if (!face) throw new Error(`${name}: no face`);
    return await vision.describe(image, face);
  } finally {
    image.dispose();
  }
}

describe('Vision.warmUp', () => {
  let cold: Vision;
  let warm: Vision;
  let before: { bytes: number; files: number };

  beforeAll(async () => {
    ensureFaceFixtures();
    cold = await createNodeVision({ maxFaces: 2 });
    warm = await createNodeVision({ maxFaces: 2 });
    before = warm.modelStats();
    await warm.warmUp({ recognition: true });
  });

  afterAll(() => {
    cold.dispose();
    warm.dispose();
  });

  it('loads the recognition net only when asked to', async () => {
    const detectorOnly = await createNodeVision({ maxFaces: 2 });
    try {
      const loaded = detectorOnly.modelStats();
      await detectorOnly.warmUp();
      expect(detectorOnly.modelStats()).toEqual(loaded);
    } finally {
      detectorOnly.dispose();
    }
  });

  it('loads the recognition net ahead of the first face', () => {
    const after = warm.modelStats();
    expect(after.files).toBeGreaterThan(before.files);
    // The recognition net's weights are by far the largest model (≈ 6 MB against ≈ 2 MB for detector and mesh).
    expect(after.bytes - before.bytes).toBeGreaterThan(before.bytes);
  });

  it('reads nothing again when repeated', async () => {
    const once = warm.modelStats();
    await warm.warmUp({ recognition: true });
    expect(warm.modelStats()).toEqual(once);
  });

  it('leaves the results unchanged: the same landmarks and descriptor as a cold instance', async () => {
    const image = loadImage(generated('camera-frame.jpg'));
    try {
      const [coldFace] = (await cold.analyze(image)).faces;
      const [warmFace] = (await warm.analyze(image)).faces;
      expect(warmFace?.points).toEqual(coldFace?.points);
    } finally {
      image.dispose();
    }
    const [coldDescriptor, warmDescriptor] = [
      await descriptorOf(cold, 'camera-frame.jpg'),
      await descriptorOf(warm, 'camera-frame.jpg'),
    ];
    expect(Array.from(warmDescriptor)).toEqual(Array.from(coldDescriptor));
  });
});
