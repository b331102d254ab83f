import { createHash } from 'node:crypto';
import type { LivenessChallenge } from '@aircounter/protocol';
import type { MeasuredFrame } from '../liveness/verify-evidence.ts';
import type { Vision } from '../vision.ts';
import { decodeJpeg } from './decode-jpeg.ts';

export interface EvidenceJpeg {
  readonly challenge: LivenessChallenge | 'neutral';
  readonly capturedAt: number;
  readonly jpeg: Uint8Array;
}

/** Evidence frames are camera frames (the element sends ≤ 640 px wide; 1080p is the most we accept). */
const MAX_FRAME_MEGAPIXELS = 2.1;

/** Re-measures one evidence frame from its JPEG bytes: faces, signals, descriptor, digest. */
export async function measureFrame(vision: Vision, frame: EvidenceJpeg): Promise<MeasuredFrame> {
  const digest = createHash('sha256').update(frame.jpeg).digest('hex');
  const image = decodeJpeg(frame.jpeg, MAX_FRAME_MEGAPIXELS);
  try {
    const analysis = await vision.analyze(image);
    const [face] = analysis.faces;
    const base = { challenge: frame.challenge, capturedAt: frame.capturedAt, faceCount: analysis.faces.length, digest };
    if (!face || !analysis.signals) return base;
    return { ...base, signals: analysis.signals, descriptor: await vision.describe(image, face) };
  } finally {
    image.dispose();
  }
}
