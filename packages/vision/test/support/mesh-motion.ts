// Synthetic landmark motion: takes a mesh the model really detected and moves
// it the way a head moves (rotation about its centre, eyelids closing, jaw
// opening), so the liveness state machine is tested on geometry that has the
// model's own proportions and depth scale.
import { centroid, type Point3 } from '../../src/geometry/point.ts';
import { INNER_LIPS, LEFT_EYE_LIDS, MESH, RIGHT_EYE_LIDS } from '../../src/geometry/mesh-indices.ts';

const DEG = Math.PI / 180;

/** Turns the head: +yaw towards the image's right (the subject's left), +pitch up. */
export function rotateMesh(points: readonly Point3[], yawDeg: number, pitchDeg: number): Point3[] {
  const c = centroid(points);
  const cy = Math.cos(yawDeg * DEG);
  const sy = Math.sin(yawDeg * DEG);
  const cp = Math.cos(pitchDeg * DEG);
  const sp = Math.sin(pitchDeg * DEG);
  return points.map((p) => {
    const x = p.x - c.x;
    const y = p.y - c.y;
    const z = p.z - c.z;
    // Yaw about the vertical axis: the face (towards -z) swings to +x.
    const x1 = cy * x - sy * z;
    const z1 = sy * x + cy * z;
    // Pitch about the horizontal axis: the face swings to -y (up).
    const y2 = cp * y + sp * z1;
    const z2 = -sp * y + cp * z1;
    return { x: x1 + c.x, y: y2 + c.y, z: z2 + c.z };
  });
}

function moveToward(points: Point3[], index: number, target: Point3, share: number): void {
  const p = points[index];
  if (!p) throw new RangeError(`landmark ${index}`);
  points[index] = {
    x: p.x + (target.x - p.x) * share,
    y: p.y + (target.y - p.y) * share,
    z: p.z + (target.z - p.z) * share,
  };
}

/** Closes both eyes by `closure` (0 open as detected, 1 shut): upper lids move onto the lower lids. */
export function closeEyes(points: readonly Point3[], closure: number): Point3[] {
  const out = [...points];
  for (const [upper, lower] of [...RIGHT_EYE_LIDS, ...LEFT_EYE_LIDS]) {
    const target = out[lower];
    if (!target) throw new RangeError(`landmark ${lower}`);
    moveToward(out, upper, target, closure);
  }
  return out;
}

/** Opens the mouth: the lower inner lip drops by `share` of the mouth's width. */
export function openMouth(points: readonly Point3[], share: number): Point3[] {
  const out = [...points];
  const right = out[MESH.mouthInnerRight];
  const left = out[MESH.mouthInnerLeft];
  if (!right || !left) throw new RangeError('mouth corners');
  const drop = Math.hypot(left.x - right.x, left.y - right.y) * share;
  for (const [, lower] of INNER_LIPS) {
    const p = out[lower];
    if (!p) throw new RangeError(`landmark ${lower}`);
    out[lower] = { ...p, y: p.y + drop };
  }
  return out;
}

/** Deterministic landmark jitter (±amount px), like a real detector's frame-to-frame noise. */
export function jitter(points: readonly Point3[], amount: number, seed: number): Point3[] {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff) * 2 - 1;
  };
  return points.map((p) => ({ x: p.x + next() * amount, y: p.y + next() * amount, z: p.z + next() * amount }));
}

/** 0 → peak → 0 over `frames` frames (a smooth out-and-back movement). */
export function outAndBack(frames: number, peak: number): number[] {
  return Array.from({ length: frames }, (_, i) => peak * Math.sin((Math.PI * i) / (frames - 1)));
}
