import { beforeAll, describe, expect, it } from 'vitest';
import { MESH } from '../../src/geometry/mesh-indices.ts';
import type { Vision } from '../../src/vision.ts';
import { PORTRAIT, THREE_PEOPLE } from '../support/face-fixtures.ts';
import { loadImage, nodeVision } from '../support/node-vision.ts';

describe('face landmarks (MediaPipe mesh, tfjs wasm in Node)', () => {
  let vision: Vision;
  beforeAll(async () => {
    vision = await nodeVision();
  });

  it('finds exactly one face with 468 landmarks on the portrait, in anatomical order', async () => {
    const image = loadImage(PORTRAIT);
    const analysis = await vision.analyze(image);
    image.dispose();
    expect(analysis.faces).toHaveLength(1);
    const [face] = analysis.faces;
    if (!face) throw new Error('no face');
    expect(face.points).toHaveLength(468);
    // The face sits in the upper middle of the 820×1024 portrait.
    expect(face.box.x).toBeGreaterThan(250);
    expect(face.box.x + face.box.width).toBeLessThan(560);
    expect(face.box.y).toBeGreaterThan(60);
    expect(face.box.y + face.box.height).toBeLessThan(400);
    const at = (i: number) => face.points[i] ?? { x: Number.NaN, y: Number.NaN, z: Number.NaN };
    // Subject's right eye on the image's left; eyes above the nose tip, nose above the mouth, chin lowest.
    expect(at(MESH.rightEyeOuter).x).toBeLessThan(at(MESH.leftEyeOuter).x);
    expect(at(MESH.rightEyeOuter).y).toBeLessThan(at(MESH.noseTip).y);
    expect(at(MESH.noseTip).y).toBeLessThan(at(MESH.upperLipInner).y);
    expect(at(MESH.upperLipInner).y).toBeLessThan(at(MESH.chin).y);
    // A frontal official portrait: head nearly straight.
    expect(Math.abs(analysis.signals?.yaw ?? 99)).toBeLessThan(10);
    expect(Math.abs(analysis.signals?.roll ?? 99)).toBeLessThan(8);
  });

  it('finds three distinct faces on three-people.jpg and the quality gate rejects the frame', async () => {
    const image = loadImage(THREE_PEOPLE);
    const analysis = await vision.analyze(image);
    image.dispose();
    expect(analysis.faces).toHaveLength(3);
    expect(analysis.signals).toBeUndefined();
    expect(analysis.quality.ok).toBe(false);
    expect(analysis.quality.issues).toEqual(['multipleFaces']);
    expect(analysis.quality.faceCount).toBe(3);
  });
});
