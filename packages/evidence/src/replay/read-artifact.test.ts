import { AirError } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { artifactFileName } from '../artifacts.ts';
import { utf8 } from '../encoding.ts';
import { sha256Hex } from '../sha256.ts';
import { ArtifactMismatchError, readArtifact } from './read-artifact.ts';
import type { ReplaySource } from './replay-source.ts';
import type { ReplayArtifact } from './signing-documents.ts';

/** A source over files in memory that counts its reads. */
function memorySource(files: Readonly<Record<string, Uint8Array>>): ReplaySource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    listFiles: async () => Object.entries(files).map(([name, bytes]) => ({ name, size: bytes.byteLength })),
    read: async (_, name) => {
      reads.push(name);
      return files[name];
    },
    mediaUrl: async () => 'blob:unused',
    signingKeys: async () => [],
  };
}

async function pdfArtifact(bytes: Uint8Array): Promise<ReplayArtifact> {
  const sha256 = await sha256Hex(bytes);
  return {
    kind: 'signed-document',
    sha256,
    mediaType: 'application/pdf',
    file: artifactFileName('signed-document', sha256, 'application/pdf'),
  };
}

describe('readArtifact', () => {
  const pdf = utf8('%PDF-1.7 signed contract');

  it('hands out the bytes when they have the SHA-256 the event names', async () => {
    const artifact = await pdfArtifact(pdf);
    const source = memorySource({ [artifact.file]: pdf });
    expect(await readArtifact(source, 's-1', artifact)).toEqual(pdf);
    expect(source.reads).toEqual([artifact.file]);
  });

  it('refuses bytes that differ from the named hash, saying which file and both hashes', async () => {
    const artifact = await pdfArtifact(pdf);
    const swapped = utf8('%PDF-1.7 another contract');
    const source = memorySource({ [artifact.file]: swapped });
    const error = await readArtifact(source, 's-1', artifact).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ArtifactMismatchError);
    expect(error).toMatchObject({
      code: 'MEDIA_HASH_MISMATCH',
      file: artifact.file,
      expectedSha256: artifact.sha256,
      actualSha256: await sha256Hex(swapped),
    });
    expect((error as Error).message).toContain(artifact.sha256);
  });

  it('reports a file the package lacks as EVIDENCE_NOT_FOUND', async () => {
    const artifact = await pdfArtifact(pdf);
    const error = await readArtifact(memorySource({}), 's-1', artifact).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AirError);
    expect((error as AirError).code).toBe('EVIDENCE_NOT_FOUND');
  });

  it('stops when its signal is aborted, before reading', async () => {
    const artifact = await pdfArtifact(pdf);
    const source = memorySource({ [artifact.file]: pdf });
    const abort = new AbortController();
    abort.abort(new Error('the reviewer moved on'));
    await expect(readArtifact(source, 's-1', artifact, { signal: abort.signal })).rejects.toThrow(
      'the reviewer moved on',
    );
    expect(source.reads).toEqual([]);
  });
});
