import { MESH } from './mesh-indices.ts';
import { add3, cross, dot, normalize, RAD_TO_DEG, scale3, sub, type Point3, type Vec3 } from './point.ts';

/**
 * Head orientation in degrees, camera frame (x right, y down, z away from the
 * camera, unmirrored image):
 * - `yaw` > 0 when the subject turns to *their* left (towards the image's right);
 * - `pitch` > 0 when the subject looks up;
 * - `roll` > 0 when the head tilts clockwise in the image.
 */
export interface HeadPose {
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

function at(points: readonly Point3[], index: number): Point3 {
  const p = points[index];
  if (!p) throw new RangeError(`landmark ${index} missing (mesh has ${points.length} points)`);
  return p;
}

/**
 * Builds the face's own axes from the 3-D mesh and reads the angles off them.
 * Why not solvePnP: the mesh already carries depth, and the liveness checks
 * compare against the subject's own neutral pose, so a per-person offset
 * (landmark choice, camera height) cancels out.
 */
export function headPose(points: readonly Point3[]): HeadPose {
  // Across the face: eye corners and cheek edges, averaged for stability.
  const across = add3(
    sub(at(points, MESH.leftEyeOuter), at(points, MESH.rightEyeOuter)),
    sub(at(points, MESH.leftCheek), at(points, MESH.rightCheek)),
  );
  // Down the rigid upper face (forehead to under the nose): the chin moves when the mouth opens.
  const down = sub(at(points, MESH.subnasale), at(points, MESH.foreheadTop));
  const xAxis = normalize(across);
  const yAxis = normalize(sub3(down, scale3(xAxis, dot(down, xAxis))));
  // x right, y down: x × y points away from the camera, i.e. to the back of the head.
  const back = cross(xAxis, yAxis);
  const yaw = Math.atan2(-back[0], back[2]) * RAD_TO_DEG;
  const pitch = Math.atan2(back[1], Math.hypot(back[0], back[2])) * RAD_TO_DEG;
  const roll = Math.atan2(xAxis[1], xAxis[0]) * RAD_TO_DEG;
  return { yaw, pitch, roll };
}

function sub3(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
