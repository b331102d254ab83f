import type { Box, DetectedFace } from './landmarks.ts';

function area(b: Box): number {
  return Math.max(0, b.width) * Math.max(0, b.height);
}

export function intersectionOverUnion(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

function centreInside(a: Box, b: Box): boolean {
  const cx = a.x + a.width / 2;
  const cy = a.y + a.height / 2;
  return cx >= b.x && cx <= b.x + b.width && cy >= b.y && cy <= b.y + b.height;
}

/** Faces narrower than this share of the frame are too far away to be the subject or to matter. */
const MIN_FACE_WIDTH_SHARE = 0.05;
/** Overlap above which two detections are one face: the mesh pipeline can return a face twice,
 * shifted; two real people in one selfie frame barely overlap. */
const SAME_FACE_IOU = 0.1;

/**
 * People in the frame: drops duplicate detections of one face and faces too
 * small to count, keeps the detector's order (most confident first).
 */
export function distinctFaces(faces: readonly DetectedFace[], frameWidth: number): DetectedFace[] {
  const kept: DetectedFace[] = [];
  for (const face of faces) {
    if (face.box.width < frameWidth * MIN_FACE_WIDTH_SHARE) continue;
    if (kept.some((k) => intersectionOverUnion(k.box, face.box) > SAME_FACE_IOU || centreInside(face.box, k.box))) {
      continue;
    }
    kept.push(face);
  }
  return kept;
}
