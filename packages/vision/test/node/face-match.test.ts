import { beforeAll, describe, expect, it } from 'vitest';
import { descriptorDistance, FACE_MATCH_THRESHOLD } from '../../src/face-match/distance.ts';
import { faceChips } from '../../src/face-match/face-chip.ts';
import { CHIP_SIZE } from '../../src/face-match/recognition-net.ts';
import type { Vision } from '../../src/vision.ts';
import { generated, THREE_PEOPLE } from '../support/face-fixtures.ts';
import { loadImage, nodeVision } from '../support/node-vision.ts';

describe('face match 1:1 (dlib ResNet descriptor)', () => {
  let vision: Vision;
  let idDescriptor: Float32Array;

  async function descriptorOf(name: string): Promise<Float32Array> {
    const image = loadImage(generated(name));
    try {
      const analysis = await vision.analyze(image);
      const [face] = analysis.faces;
      if (!face || analysis.faces.length !== 1)
        throw new Error(`${name}: expected one face, got ${analysis.faces.length}`);
      return await vision.describe(image, face);
    } finally {
      image.dispose();
    }
  }

  beforeAll(async () => {
    vision = await nodeVision();
    idDescriptor = await descriptorOf('id-photo.jpg');
  });

  it('returns a 128-D descriptor', () => {
    expect(idDescriptor).toHaveLength(128);
    expect(idDescriptor.some((x) => x !== 0)).toBe(true);
  });

  it.each([
    'camera-frame.jpg',
    'same-brighter.jpg',
    'same-low-quality.jpg',
    'same-rotated.jpg',
    'same-small.jpg',
    'same-slightly-blurred.jpg',
  ])('accepts %s as the ID photo person', async (name) => {
    expect(descriptorDistance(idDescriptor, await descriptorOf(name))).toBeLessThan(FACE_MATCH_THRESHOLD);
  });

  it.each(['person-1.jpg', 'person-2.jpg', 'person-3.jpg'])('rejects %s (another person)', async (name) => {
    expect(descriptorDistance(idDescriptor, await descriptorOf(name))).toBeGreaterThan(FACE_MATCH_THRESHOLD);
  });
});

describe('face chips', () => {
  it('cuts each face of a frame as it would cut that face alone, and nothing for no face', async () => {
    const vision = await nodeVision();
    const image = loadImage(THREE_PEOPLE);
    try {
      const { faces } = await vision.analyze(image);
      expect(faces.length).toBeGreaterThanOrEqual(2);
      const points = faces.map((face) => face.points);
      const together = faceChips(image, points);
      expect(together.shape).toEqual([points.length, CHIP_SIZE, CHIP_SIZE, 3]);
      const rows = await together.array();
      for (const [i, face] of points.entries()) {
        const alone = faceChips(image, [face]);
        expect(rows[i]).toEqual((await alone.array())[0]);
        alone.dispose();
      }
      together.dispose();
      const none = faceChips(image, []);
      expect(none.shape).toEqual([0, CHIP_SIZE, CHIP_SIZE, 3]);
      none.dispose();
    } finally {
      image.dispose();
    }
  });
});
