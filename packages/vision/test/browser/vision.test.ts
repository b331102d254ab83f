import { expect } from 'chai';
import { descriptorDistance, FACE_MATCH_THRESHOLD } from '../../src/index.ts';
import { browserVision, fixtureBitmap, pixels } from './support.ts';

describe('@aircounter/vision in Chromium (tfjs wasm backend)', () => {
  it('loads the models from the local assets folder and finds one face with 468 landmarks on the portrait', async () => {
    const vision = await browserVision();
    const analysis = await vision.analyze(
      pixels(await fixtureBitmap('tests/fixtures/faces/portrait-obama-official.jpg')),
    );
    expect(analysis.faces).to.have.length(1);
    expect(analysis.faces[0]?.points).to.have.length(468);
    expect(Math.abs(analysis.signals?.yaw ?? 99)).to.be.lessThan(10);
    // Detector + mesh JSON and weights, nothing else, nothing from another host.
    const stats = vision.modelStats();
    expect(stats.files).to.equal(4);
    expect(stats.bytes).to.be.greaterThan(1_500_000);
    const foreign = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name))
      .filter((url) => url.origin !== location.origin);
    expect(foreign.map(String)).to.deep.equal([]);
  });

  it('rejects three-people.jpg: three faces, quality gate says multipleFaces', async () => {
    const vision = await browserVision();
    const analysis = await vision.analyze(pixels(await fixtureBitmap('tests/fixtures/faces/three-people.jpg')));
    expect(analysis.faces).to.have.length(3);
    expect(analysis.quality.issues).to.deep.equal(['multipleFaces']);
  });

  it('quality gate on the ffmpeg variants gives the guidance the element shows', async () => {
    const vision = await browserVision();
    const cases: [string, string | undefined][] = [
      ['camera-frame.jpg', undefined],
      ['dark.jpg', 'tooDark'],
      ['blurred.jpg', 'blurry'],
      ['off-centre.jpg', 'centerFace'],
      ['far.jpg', 'moveCloser'],
    ];
    for (const [name, issue] of cases) {
      const analysis = await vision.analyze(pixels(await fixtureBitmap(`tests/fixtures/generated/${name}`)));
      expect(analysis.quality.issues[0], name).to.equal(issue);
    }
  });

  it('face match: the same person passes, another person fails (same numbers as in Node)', async () => {
    const vision = await browserVision();
    async function describe(name: string): Promise<Float32Array> {
      const image = pixels(await fixtureBitmap(`tests/fixtures/generated/${name}`));
      const analysis = await vision.analyze(image);
      const [face] = analysis.faces;
      if (!face) throw new Error(`${name}: no face`);
      return vision.describe(image, face);
    }
    const id = await describe('id-photo.jpg');
    expect(descriptorDistance(id, await describe('same-rotated.jpg'))).to.be.lessThan(FACE_MATCH_THRESHOLD);
    expect(descriptorDistance(id, await describe('person-3.jpg'))).to.be.greaterThan(FACE_MATCH_THRESHOLD);
  });
});
