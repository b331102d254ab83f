import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { AssetSource } from '../assets.ts';

/**
 * Reads model files from a folder on disk: the server's "small IOHandler"
 * path (tfjs-node is not an option offline: it downloads libtensorflow).
 */
export function fileAssets(dir: string): AssetSource {
  const root = resolve(dir);
  let bytes = 0;
  let files = 0;
  return {
    async read(name: string): Promise<ArrayBuffer> {
      const path = resolve(root, name);
      if (!path.startsWith(root + sep)) throw new Error(`model file outside ${root}: ${name}`);
      const buffer = await readFile(path);
      bytes += buffer.byteLength;
      files += 1;
      return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    },
    stats: () => ({ bytes, files }),
  };
}
