import { toHex, utf8 } from './encoding.ts';

/** SHA-256 of bytes or of a string's UTF-8, as lower-case hex, through WebCrypto. */
export async function sha256Hex(input: Uint8Array | string): Promise<string> {
  const bytes = typeof input === 'string' ? utf8(input) : input;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

/**
 * Hashes a stream of chunks without holding it in memory. WebCrypto has no
 * incremental digest, so large media files (hundreds of MB read over HTTP in
 * a browser) go through {@link Sha256} instead.
 */
export async function sha256OfStream(chunks: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number }> {
  const hash = new Sha256();
  let size = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: toHex(hash.digest()), size };
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** Element of a typed array at an index the loop bounds keep valid (`noUncheckedIndexedAccess`). */
const u32 = (array: Uint32Array | Uint8Array, index: number): number => array[index] ?? 0;

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** Incremental SHA-256 (FIPS 180-4), for hashing streams in browsers. */
export class Sha256 {
  readonly #state = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  readonly #block = new Uint8Array(64);
  readonly #words = new Uint32Array(64);
  #blockLength = 0;
  #totalBytes = 0;
  #finished = false;

  update(data: Uint8Array | string): this {
    if (this.#finished) throw new Error('Sha256: update after digest');
    const bytes = typeof data === 'string' ? utf8(data) : data;
    this.#totalBytes += bytes.byteLength;
    let offset = 0;
    while (offset < bytes.byteLength) {
      const take = Math.min(64 - this.#blockLength, bytes.byteLength - offset);
      this.#block.set(bytes.subarray(offset, offset + take), this.#blockLength);
      this.#blockLength += take;
      offset += take;
      if (this.#blockLength === 64) {
        this.#compress();
        this.#blockLength = 0;
      }
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.#finished) throw new Error('Sha256: digest called twice');
    this.#finished = true;
    const bitLength = this.#totalBytes * 8;
    this.#block[this.#blockLength++] = 0x80;
    if (this.#blockLength > 56) {
      this.#block.fill(0, this.#blockLength);
      this.#compress();
      this.#blockLength = 0;
    }
    this.#block.fill(0, this.#blockLength);
    const view = new DataView(this.#block.buffer);
    // 64-bit big-endian length; two 32-bit halves because bit operators are 32-bit.
    view.setUint32(56, Math.floor(bitLength / 2 ** 32));
    view.setUint32(60, bitLength >>> 0);
    this.#compress();
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(i * 4, u32(this.#state, i));
    return out;
  }

  #compress(): void {
    const w = this.#words;
    const block = this.#block;
    const view = new DataView(block.buffer, block.byteOffset, 64);
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(i * 4);
    for (let i = 16; i < 64; i++) {
      const a = u32(w, i - 15);
      const b = u32(w, i - 2);
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (u32(w, i - 16) + s0 + u32(w, i - 7) + s1) | 0;
    }
    const s = this.#state;
    let a = u32(s, 0);
    let b = u32(s, 1);
    let c = u32(s, 2);
    let d = u32(s, 3);
    let e = u32(s, 4);
    let f = u32(s, 5);
    let g = u32(s, 6);
    let h = u32(s, 7);
    for (let i = 0; i < 64; i++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + u32(K, i) + u32(w, i)) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    s[0] = u32(s, 0) + a;
    s[1] = u32(s, 1) + b;
    s[2] = u32(s, 2) + c;
    s[3] = u32(s, 3) + d;
    s[4] = u32(s, 4) + e;
    s[5] = u32(s, 5) + f;
    s[6] = u32(s, 6) + g;
    s[7] = u32(s, 7) + h;
  }
}
