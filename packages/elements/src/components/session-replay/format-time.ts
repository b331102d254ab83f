/** `m:ss` (or `h:mm:ss` from one hour), rounded down to the second: the form media players use in every locale. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A short duration such as a recording gap: `0.4 s`, `12 s`, then as a clock. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return formatClock(ms);
}

/** Playback speed as shown on its button: `0.5×`, `1×`. */
export function formatRate(rate: number): string {
  return `${rate}×`;
}
