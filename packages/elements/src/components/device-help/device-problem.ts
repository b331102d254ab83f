/** Why the camera or microphone could not be opened, in the terms a customer can act on. */
export const DEVICE_PROBLEMS = ['denied', 'not-found', 'in-use', 'insecure', 'other'] as const;
export type DeviceProblem = (typeof DEVICE_PROBLEMS)[number];

/** The platforms whose permission settings the element explains step by step. */
export const PLATFORMS = ['android', 'ios', 'desktop'] as const;
export type Platform = (typeof PLATFORMS)[number];

// getUserMedia's DOMException names (and the legacy Chrome ones) by what the customer can do about them.
const BY_NAME: Readonly<Record<string, DeviceProblem>> = {
  NotAllowedError: 'denied',
  PermissionDeniedError: 'denied',
  SecurityError: 'denied',
  NotFoundError: 'not-found',
  DevicesNotFoundError: 'not-found',
  OverconstrainedError: 'not-found',
  NotReadableError: 'in-use',
  TrackStartError: 'in-use',
  AbortError: 'in-use',
};

/**
 * Classifies whatever a join or a capture rejected with: a DOMException, or
 * the SDK's `DEVICE_UNAVAILABLE` error (which keeps the browser's exception as
 * its `cause` and names it in its message).
 */
export function deviceProblem(error: unknown): DeviceProblem {
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    names.push(current.name);
    const named = /\((\w+Error)\)/.exec(current.message);
    if (named?.[1]) names.push(named[1]);
    if (/secure context/i.test(current.message)) return 'insecure';
    current = current.cause;
  }
  for (const name of names) {
    const problem = BY_NAME[name];
    if (problem) return problem;
  }
  return 'other';
}

/** Android, iOS/iPadOS (iPads report a Mac with touch) or a desktop browser. */
export function detectPlatform(userAgent: string, maxTouchPoints: number): Platform {
  if (/Android/i.test(userAgent)) return 'android';
  if (/iPhone|iPad|iPod/i.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1)) return 'ios';
  return 'desktop';
}
