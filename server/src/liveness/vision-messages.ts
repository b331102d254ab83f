import type { LivenessChallenge } from '@aircounter/protocol';
import type { MeasuredFrame } from '@aircounter/vision';
import type { ThreadReply, ThreadRequest } from '../threads/thread-pool.ts';

/** A job for a vision thread. */
export type VisionJob =
  | { readonly kind: 'warmUp' }
  | {
      readonly kind: 'measure';
      readonly challenge: LivenessChallenge | 'neutral';
      readonly capturedAt: number;
      readonly jpeg: Uint8Array;
    }
  | { readonly kind: 'idPhoto'; readonly jpeg: Uint8Array };

/** What a vision thread hands back for a job. */
export type VisionResult =
  | { readonly kind: 'warmUp' }
  | { readonly kind: 'measure'; readonly frame: MeasuredFrame }
  | { readonly kind: 'idPhoto'; readonly descriptor: Float32Array };

/** Main thread → vision worker. */
export type VisionRequest = ThreadRequest<VisionJob>;

/** Vision worker → main thread: one reply per request, with the request's id. */
export type VisionReply = ThreadReply<VisionResult>;
