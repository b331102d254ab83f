/**
 * Free text that one participant chooses and others see (display names,
 * consent fields) or that the evidence keeps: Unicode NFC, single spaces,
 * and none of the characters that can hide or rearrange what a reader sees.
 *
 * - C0 and C1 controls (NUL, ESC, CR/LF, TAB, DEL, U+0080–U+009F) and the
 *   Unicode line/paragraph separators: line breaks and tabs become a space,
 *   the rest are dropped. Whole ANSI escape sequences (`ESC [ … m`) are
 *   dropped, not only their ESC, so no `[31m` residue is left.
 * - Bidirectional formatting: embeddings and overrides U+202A–U+202E,
 *   isolates U+2066–U+2069, marks U+200E/U+200F and U+061C. A name with a
 *   right-to-left override can make "Agent" read as something else.
 * - Lone surrogates become U+FFFD (they are not text and break UTF-8 readers).
 *
 * The result is trimmed and runs of whitespace collapse to one space. Length
 * limits are applied by the schemas after sanitizing.
 */
export function sanitizeText(input: string): string {
  return input
    .replace(LONE_SURROGATE, '\ufffd')
    .normalize('NFC')
    .replace(ANSI_SEQUENCE, '')
    .replace(BREAKING, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** With the `u` flag a surrogate class matches only surrogates that are not part of a pair. */
const LONE_SURROGATE = /[\ud800-\udfff]/gu;
/** CSI (`ESC [ params final`) and two-character escapes (`ESC x`), 7-bit and the C1 CSI U+009B. */
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|\u001b[\u0020-\u007e]?/gu;
/** Line breaks and tabs: they separate words, so they become a space. */
const BREAKING = /[\t\n\v\f\r\u0085\u2028\u2029]/gu;
/** Every other control, and the bidi formatting characters. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
