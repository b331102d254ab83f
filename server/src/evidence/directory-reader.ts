import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { isValidFileName, isValidSessionId, type EvidenceReader, type PackageFileInfo } from '@aircounter/evidence';
import { isErrno } from './errno.ts';

/**
 * Reads an evidence package from a directory for `verifyEvidence`. Media
 * files are hashed by node:crypto over a file stream (constant memory, native
 * speed). The directory's name is the session id the package must be, unless
 * `expectedSessionId` says otherwise.
 */
export function createDirectoryReader(dir: string, options: { expectedSessionId?: string } = {}): EvidenceReader {
  const root = resolve(dir);
  const dirName = basename(root);
  const expectedSessionId = options.expectedSessionId ?? (isValidSessionId(dirName) ? dirName : undefined);
  const pathOf = (name: string): string => {
    // Names come from the manifest, which may be hostile: only flat, valid names reach the file system.
    if (!isValidFileName(name)) throw new Error(`refusing to read invalid file name ${JSON.stringify(name)}`);
    return join(root, name);
  };
  return {
    ...(expectedSessionId === undefined ? {} : { expectedSessionId }),
    async list(): Promise<readonly PackageFileInfo[]> {
      const out: PackageFileInfo[] = [];
      // Everything in the directory is listed (hidden files, subdirectories, odd names too): anything
      // the manifest does not name is an extra file to the verifier. Only valid names are ever read.
      for (const entry of await readdir(root, { withFileTypes: true })) {
        const size = entry.isFile() ? (await stat(join(root, entry.name))).size : 0;
        out.push({ name: entry.name, size });
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    async read(name: string): Promise<Uint8Array | undefined> {
      try {
        return new Uint8Array(await readFile(pathOf(name)));
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return undefined;
        throw error;
      }
    },
    async *stream(name: string): AsyncIterable<Uint8Array> {
      yield* createReadStream(pathOf(name)) as AsyncIterable<Uint8Array>;
    },
    async sha256(name: string): Promise<{ sha256: string; size: number }> {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of createReadStream(pathOf(name)) as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.byteLength;
      }
      return { sha256: hash.digest('hex'), size };
    },
  };
}
