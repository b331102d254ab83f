import type { ConnectionQuality } from '../types.ts';

/**
 * mediasoup scores a stream 0–10 from its packet loss and jitter. The bands
 * follow what a viewer perceives: 7+ is clean, 4–6 shows artefacts, 1–3 is
 * barely usable, 0 means no media arrives.
 */
export function qualityFromScore(score: number): ConnectionQuality {
  if (score >= 7) return 'good';
  if (score >= 4) return 'fair';
  if (score > 0) return 'poor';
  return 'lost';
}

/**
 * The score of what this page receives from one consumer: the worse of the
 * sender's uplink (`producerScore`) and the SFU → us downlink (`score`).
 */
export function effectiveScore(score: number, producerScore: number): number {
  return Math.min(score, producerScore);
}

/** A participant's score: the worst of their consumers (one bad stream is what the user notices). */
export function participantScore(consumerScores: Iterable<number>): number | undefined {
  let worst: number | undefined;
  for (const score of consumerScores) worst = worst === undefined ? score : Math.min(worst, score);
  return worst;
}
