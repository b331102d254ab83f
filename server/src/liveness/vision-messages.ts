import type { ErrorCode, LivenessChallenge } from '@aircounter/protocol';
import type { MeasuredFrame } from '@aircounter/vision';

/** Main thread → vision worker. */
export type VisionRequest =
  | { readonly id: number; readonly kind: 'warmUp' }
  | {
      readonly id: number;
      readonly kind: 'measure';
      readonly challenge: LivenessChallenge | 'neutral';
      readonly capturedAt: number;
      readonly jpeg: Uint8Array;
    }
  | { readonly id: number; readonly kind: 'idPhoto'; readonly jpeg: Uint8Array };

/** Vision worker → main thread: one reply per request, with the request's id. */
export type VisionReply =
  | { readonly id: number; readonly ok: true; readonly kind: 'warmUp' }
  | { readonly id: number; readonly ok: true; readonly kind: 'measure'; readonly frame: MeasuredFrame }
  | { readonly id: number; readonly ok: true; readonly kind: 'idPhoto'; readonly descriptor: Float32Array }
  | { readonly id: number; readonly ok: false; readonly code: ErrorCode; readonly message: string };
