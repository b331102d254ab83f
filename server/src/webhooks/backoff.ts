/**
 * How long to wait before the next attempt after `failedAttempts` failures:
 * exponential from `baseMs` (base, 2×base, 4×base …) capped at `maxMs`, with
 * "equal jitter" (a random half of the delay added to the other half) so
 * that many events failing together do not retry in lockstep.
 */
export function retryDelayMs(
  failedAttempts: number,
  settings: { readonly retryBaseMs: number; readonly retryMaxMs: number },
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const delay = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** exponent);
  return Math.round(delay / 2 + random() * (delay / 2));
}
