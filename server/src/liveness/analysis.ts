import { createHash } from 'node:crypto';
import { AirError } from '@aircounter/protocol';
import type { MeasuredFrame, Vision } from '@aircounter/vision';
import { decodeJpeg, measureFrame, type EvidenceJpeg } from '@aircounter/vision/node';

/**
 * What the liveness service needs from the face models, wherever they run
 * (worker threads by default, see vision-pool.ts; the calling thread when a
 * host brings its own models).
 */
export interface FrameAnalyzer {
  /** Faces, signals and descriptor of one evidence frame; an undecodable frame measures as no face. */
  measure(frame: EvidenceJpeg): Promise<MeasuredFrame>;
  /** Descriptor of the single face on an ID photo; INVALID_PARAMS when unreadable or not exactly one face. */
  describeIdPhoto(jpeg: Uint8Array): Promise<Float32Array>;
  /** Loads the models and runs them once now rather than on the first customer's frames. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/** Measures one evidence frame; a frame the decoder cannot read is the client's fault and fails the check. */
export async function measureOrFail(vision: Vision, frame: EvidenceJpeg): Promise<MeasuredFrame> {
  try {
    return await measureFrame(vision, frame);
  } catch {
    const digest = createHash('sha256').update(frame.jpeg).digest('hex');
    return { challenge: frame.challenge, capturedAt: frame.capturedAt, faceCount: 0, digest };
  }
}

/** The bank's reference photo must show exactly one face; its descriptor is all that is kept. */
export async function describeIdPhoto(vision: Vision, jpeg: Uint8Array): Promise<Float32Array> {
  let image;
  try {
    image = decodeJpeg(jpeg);
  } catch (error) {
    throw new AirError('INVALID_PARAMS', 'the ID photo is not a readable JPEG', { cause: error });
  }
  try {
    const analysis = await vision.analyze(image);
    const [face] = analysis.faces;
    if (!face || analysis.faces.length !== 1) {
      throw new AirError('INVALID_PARAMS', `the ID photo must show exactly one face (found ${analysis.faces.length})`);
    }
    return await vision.describe(image, face);
  } finally {
    image.dispose();
  }
}

/** Runs the models on the calling thread (a host's own `loadVision`, e.g. in tests or benches). */
export function inlineAnalyzer(load: () => Promise<Vision>): FrameAnalyzer {
  let vision: Promise<Vision> | undefined;
  const instance = (): Promise<Vision> => {
    const pending = (vision ??= load());
    pending.catch(() => {
      // Let the next call retry loading (e.g. after `make setup` fetched the models).
      if (vision === pending) vision = undefined;
    });
    return pending;
  };
  return {
    measure: async (frame) => measureOrFail(await instance(), frame),
    describeIdPhoto: async (jpeg) => describeIdPhoto(await instance(), jpeg),
    warmUp: async () => {
      await (await instance()).warmUp({ recognition: true });
    },
    close: async () => undefined,
  };
}
