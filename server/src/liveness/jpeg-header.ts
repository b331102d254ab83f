import { AirError } from '@aircounter/protocol';

export interface JpegHeader {
  readonly width: number;
  readonly height: number;
}

/** Start-of-frame markers (baseline, extended, progressive, lossless; Huffman and arithmetic). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
/** Markers without a length field: TEM and the restart markers. */
const STANDALONE = new Set([0x01, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);

function refuse(reason: string): never {
  throw new AirError('LIVENESS_FRAME_INVALID', `not an acceptable JPEG: ${reason}`);
}

/**
 * Reads a JPEG's dimensions from its marker segments without decoding a
 * pixel: SOI first, well-formed segments up to the start of scan, a frame
 * header (SOF) before it, and EOI at the end. Anything else (random bytes
 * named .jpg, a truncated upload, a PNG) is refused before the decoder or the
 * evidence store sees it.
 */
export function inspectJpeg(bytes: Uint8Array): JpegHeader {
  if (bytes.byteLength < 4 || bytes[0] !== 0xff || bytes[1] !== SOI || bytes[2] !== 0xff) refuse('no SOI marker');
  if (bytes[bytes.byteLength - 2] !== 0xff || bytes[bytes.byteLength - 1] !== EOI) refuse('no EOI marker');
  let offset = 2;
  let header: JpegHeader | undefined;
  while (offset < bytes.byteLength) {
    if (bytes[offset] !== 0xff) refuse(`expected a marker at byte ${offset}`);
    // Any number of 0xFF fill bytes may precede a marker.
    while (bytes[offset] === 0xff) offset += 1;
    const marker = bytes[offset];
    offset += 1;
    if (marker === undefined) refuse('truncated marker');
    if (marker === SOI || marker === EOI || marker === 0x00) refuse(`marker 0x${marker.toString(16)} out of place`);
    if (STANDALONE.has(marker)) continue;
    if (offset + 2 > bytes.byteLength) refuse('truncated segment length');
    const length = ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
    if (length < 2 || offset + length > bytes.byteLength) refuse('segment length out of range');
    if (SOF.has(marker)) {
      if (length < 8) refuse('frame header too short');
      const height = ((bytes[offset + 3] ?? 0) << 8) | (bytes[offset + 4] ?? 0);
      const width = ((bytes[offset + 5] ?? 0) << 8) | (bytes[offset + 6] ?? 0);
      if (width === 0 || height === 0) refuse('zero width or height');
      if (header) refuse('more than one frame header');
      header = { width, height };
    }
    if (marker === SOS) {
      if (!header) refuse('scan before frame header');
      // Entropy-coded data follows; its end is the EOI checked above.
      return header;
    }
    offset += length;
  }
  return refuse('no start of scan');
}
