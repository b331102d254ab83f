/** A landmark in image pixels; `z` is depth on the same scale as `x` (smaller = closer to the camera). */
export interface Point3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export type Vec3 = readonly [number, number, number];

export function sub(a: Point3, b: Point3): Vec3 {
  return [a.x - b.x, a.y - b.y, a.z - b.z];
}

export function add3(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function scale3(a: Vec3, k: number): Vec3 {
  return [a[0] * k, a[1] * k, a[2] * k];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  return n === 0 ? [0, 0, 0] : scale3(a, 1 / n);
}

export function distance(a: Point3, b: Point3): number {
  return norm(sub(a, b));
}

export function distance2d(a: Point3, b: Point3): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function midpoint(a: Point3, b: Point3): Point3 {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, z: (a.z + b.z) / 2 };
}

export function centroid(points: readonly Point3[]): Point3 {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
    z += p.z;
  }
  const n = Math.max(points.length, 1);
  return { x: x / n, y: y / n, z: z / n };
}

export const RAD_TO_DEG = 180 / Math.PI;
