import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex, sha256OfStream } from './sha256.ts';
import { toHex } from './encoding.ts';

const nodeSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

describe('sha256', () => {
  it('hashes the FIPS 180-4 examples', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(new Sha256().update('abc').digest())).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(new Sha256().update('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq').digest())).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(toHex(new Sha256().digest())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('matches node:crypto at every block boundary and for any chunking', async () => {
    for (const length of [1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 70_001]) {
      const bytes = new Uint8Array(randomBytes(length));
      for (const chunk of [1, 7, 64, 4096]) {
        const { sha256, size } = await sha256OfStream(chunked(bytes, chunk));
        expect({ length, chunk, sha256, size }).toEqual({ length, chunk, sha256: nodeSha256(bytes), size: length });
      }
      expect(await sha256Hex(bytes)).toBe(nodeSha256(bytes));
    }
  });

  it('refuses to be used after digest', () => {
    const hash = new Sha256();
    hash.digest();
    expect(() => hash.update('x')).toThrow(/after digest/);
  });
});
