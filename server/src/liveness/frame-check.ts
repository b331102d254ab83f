import { AirError, type LivenessChallenge, type SubmitLivenessRequest } from '@aircounter/protocol';
import { inspectJpeg } from './jpeg-header.ts';

/** Limits on the evidence frames of one submission (config: AIR_LIVENESS_MAX_FRAME_*). */
export interface FrameLimits {
  /** Largest JPEG, bytes (after base64 decoding). */
  readonly maxFrameBytes: number;
  /** Largest width × height. */
  readonly maxFramePixels: number;
}

export interface CheckedFrame {
  readonly challenge: LivenessChallenge | 'neutral';
  readonly capturedAt: number;
  readonly jpeg: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Checks every frame of a submission before anything decodes or stores it:
 * at most one frame per issued step (neutral + challenges), each a JPEG by
 * its markers, within the byte and pixel limits. The whole submission is
 * refused with LIVENESS_FRAME_INVALID at the first frame that fails.
 */
export function checkFrames(
  request: SubmitLivenessRequest,
  issued: readonly LivenessChallenge[],
  limits: FrameLimits,
): CheckedFrame[] {
  const steps = issued.length + 1;
  if (request.frames.length > steps) {
    throw new AirError('LIVENESS_FRAME_INVALID', `at most ${steps} frames (neutral + one per challenge)`);
  }
  return request.frames.map((frame, index) => {
    // base64 → bytes: 3 bytes per 4 characters; checked before decoding so no large buffer is made.
    if (Math.floor((frame.jpegBase64.length * 3) / 4) > limits.maxFrameBytes + 2) {
      throw new AirError('LIVENESS_FRAME_INVALID', `frame ${index} is larger than ${limits.maxFrameBytes} bytes`);
    }
    const jpeg = new Uint8Array(Buffer.from(frame.jpegBase64, 'base64'));
    if (jpeg.byteLength > limits.maxFrameBytes) {
      throw new AirError('LIVENESS_FRAME_INVALID', `frame ${index} is larger than ${limits.maxFrameBytes} bytes`);
    }
    let header;
    try {
      header = inspectJpeg(jpeg);
    } catch (error) {
      if (error instanceof AirError) throw new AirError(error.code, `frame ${index}: ${error.message}`);
      throw error;
    }
    if (header.width * header.height > limits.maxFramePixels) {
      throw new AirError(
        'LIVENESS_FRAME_INVALID',
        `frame ${index} is ${header.width}x${header.height}, more than ${limits.maxFramePixels} pixels`,
      );
    }
    return { challenge: frame.challenge, capturedAt: frame.capturedAt, jpeg, ...header };
  });
}
