/** Where `<air-captions>` remembers, per device, whether the customer wants captions. */
export const CAPTIONS_STORAGE_KEY = 'air-captions';

// Storage may be unavailable (private mode, a sandboxed frame) or throw: captions then
// stay on, the default, and a toggle holds for the page's lifetime only.

/** Whether captions are on for this device: on unless turned off before. */
export function captionsPreferred(): boolean {
  try {
    return localStorage.getItem(CAPTIONS_STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** Remembers the customer's choice for this device. */
export function rememberCaptions(on: boolean): void {
  try {
    localStorage.setItem(CAPTIONS_STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Not remembered; the choice still holds on this page.
  }
}
