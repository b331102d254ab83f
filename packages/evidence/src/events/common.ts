import * as v from 'valibot';

// Building blocks shared by the event schemas. They describe what the server
// writes; a reader of an old package validates with them too and treats an
// entry that does not match as unreadable data, never as a broken package.

/** A participant's id, a recording id, a producer id — text the server chose. */
export const Text = v.string();
/** Milliseconds (durations, media times, Unix times): a finite number, never negative. */
export const Ms = v.pipe(v.number(), v.finite(), v.minValue(0));
/** A count (bytes, packets, segments): a whole number, never negative. */
export const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** SHA-256, 64 lower-case hex digits. */
export const Sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex'));
