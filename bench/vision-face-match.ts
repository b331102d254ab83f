// Face-match error rates on the test data (JSON on the last stdout line):
// every pair of images of the same person (genuine) and of different people
// (impostor), with the 1:1 threshold the server uses. The figures are only as
// good as this small set: one person in several conditions, three others.
//
//   node --conditions=source bench/vision-face-match.ts
import { readFileSync } from 'node:fs';
import { descriptorDistance, FACE_MATCH_THRESHOLD } from '@aircounter/vision';
import { createNodeVision, decodeJpeg } from '@aircounter/vision/node';
import {
  ensureFaceFixtures,
  generated,
  PORTRAIT,
  THREE_PEOPLE,
} from '../packages/vision/test/support/face-fixtures.ts';

const SAME_PERSON = [
  PORTRAIT,
  'id-photo.jpg',
  'camera-frame.jpg',
  'same-brighter.jpg',
  'same-low-quality.jpg',
  'same-rotated.jpg',
  'same-small.jpg',
  'same-slightly-blurred.jpg',
  'dark.jpg',
  'tilted-down.jpg',
];
const OTHERS = ['person-1.jpg', 'person-2.jpg', 'person-3.jpg'];

ensureFaceFixtures();
const vision = await createNodeVision({ maxFaces: 4 });

async function descriptors(path: string): Promise<Float32Array[]> {
  const image = decodeJpeg(readFileSync(path.startsWith('/') ? path : generated(path)));
  try {
    const analysis = await vision.analyze(image);
    const out: Float32Array[] = [];
    for (const face of analysis.faces) out.push(await vision.describe(image, face));
    return out;
  } finally {
    image.dispose();
  }
}

const person: { label: string; descriptor: Float32Array }[] = [];
for (const name of SAME_PERSON) {
  const [d] = await descriptors(name);
  if (d) person.push({ label: name.split('/').pop() ?? name, descriptor: d });
}
const others: { label: string; descriptor: Float32Array }[] = [];
for (const name of OTHERS) {
  const [d] = await descriptors(name);
  if (d) others.push({ label: name, descriptor: d });
}
// The three faces of three-people.jpg as found in the full picture, too.
for (const [i, d] of (await descriptors(THREE_PEOPLE)).entries())
  others.push({ label: `three-people#${i}`, descriptor: d });

type Labelled = { label: string; descriptor: Float32Array };
function pairs<T>(items: readonly T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b): [T, T] => [a, b]));
}
const distanceOf = ([a, b]: [Labelled, Labelled]): number => descriptorDistance(a.descriptor, b.descriptor);

const genuine = pairs(person).map(distanceOf);
const impostor = person.flatMap((p) => others.map((o) => descriptorDistance(p.descriptor, o.descriptor)));
// Different people among the others (the crops and the same faces in the group photo are the same people).
impostor.push(...pairs(others.slice(0, OTHERS.length)).map(distanceOf));

const round = (x: number): number => Number(x.toFixed(3));
const threshold = FACE_MATCH_THRESHOLD;
console.log(
  JSON.stringify({
    threshold,
    images: { samePerson: person.length, otherPeople: OTHERS.length },
    genuinePairs: genuine.length,
    impostorPairs: impostor.length,
    falseRejects: genuine.filter((d) => d > threshold).length,
    falseAccepts: impostor.filter((d) => d <= threshold).length,
    genuineMax: round(Math.max(...genuine)),
    genuineMedian: round([...genuine].sort((a, b) => a - b)[genuine.length >> 1] ?? NaN),
    impostorMin: round(Math.min(...impostor)),
    impostorMedian: round([...impostor].sort((a, b) => a - b)[impostor.length >> 1] ?? NaN),
    worstGenuine: worstGenuine(),
  }),
);

function worstGenuine(): { a: string; b: string; distance: number } | null {
  const worst = pairs(person).reduce<[Labelled, Labelled] | undefined>(
    (max, pair) => (!max || distanceOf(pair) > distanceOf(max) ? pair : max),
    undefined,
  );
  return worst ? { a: worst[0].label, b: worst[1].label, distance: round(distanceOf(worst)) } : null;
}
