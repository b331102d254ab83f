import type { LivenessDecision, LivenessHint } from '@aircounter/protocol';

/**
 * What a failed customer may be told, from the decision's machine reasons.
 * Anything about identity (face match, a different person between frames)
 * becomes the neutral `try-again`: telling an impostor which check caught
 * them would help them tune the next try.
 */
export function retryHint(decision: LivenessDecision): LivenessHint | undefined {
  if (decision.passed) return undefined;
  const reasons = decision.liveness.reasons;
  if (decision.faceMatch?.passed === false || reasons.some((r) => r.startsWith('different-person'))) return 'try-again';
  const faceCounts = reasons.filter((r) => r.startsWith('face-count:')).map((r) => Number(r.split(':').at(-1)));
  if (faceCounts.some((count) => count > 1)) return 'one-person-only';
  if (faceCounts.length > 0) return 'face-not-visible';
  if (reasons.some((r) => r === 'expired' || r.startsWith('too-slow'))) return 'too-slow';
  if (reasons.length > 0) return 'follow-instructions';
  return 'try-again';
}
