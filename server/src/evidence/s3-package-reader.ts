import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { isValidFileName, isValidSessionId, type EvidenceReader, type PackageFileInfo } from '@aircounter/evidence';
import { isNotFound } from './s3-client.ts';

/**
 * Reads a sealed package straight from the bucket for `verifyEvidence`:
 * every key under `<prefix>sessions/<sessionId>/` is listed (a key the
 * manifest does not name is an extra file to the verifier), and files are
 * read and hashed from S3 as stored, whatever the server's own state says.
 */
export function createS3PackageReader(
  bucket: { readonly client: S3Client; readonly bucket: string; readonly prefix: string },
  sessionId: string,
): EvidenceReader {
  if (!isValidSessionId(sessionId)) throw new Error('invalid session id');
  const prefix = `${bucket.prefix}sessions/${sessionId}/`;
  const keyOf = (name: string): string => {
    // Names come from the manifest, which may be hostile: only flat, valid names become keys.
    if (!isValidFileName(name)) throw new Error(`refusing to read invalid file name ${JSON.stringify(name)}`);
    return `${prefix}${name}`;
  };
  const open = async (name: string): Promise<AsyncIterable<Uint8Array> | undefined> => {
    try {
      const got = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: keyOf(name) }));
      return got.Body as AsyncIterable<Uint8Array> | undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const required = async (name: string): Promise<AsyncIterable<Uint8Array>> => {
    const body = await open(name);
    if (body === undefined) throw new Error(`${name} is not in the bucket`);
    return body;
  };
  return {
    expectedSessionId: sessionId,
    async list(): Promise<readonly PackageFileInfo[]> {
      const out: PackageFileInfo[] = [];
      let token: string | undefined;
      do {
        const page = await bucket.client.send(
          new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key !== undefined) out.push({ name: object.Key.slice(prefix.length), size: object.Size ?? 0 });
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return out.sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    async read(name: string): Promise<Uint8Array | undefined> {
      const body = await open(name);
      if (body === undefined) return undefined;
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      return new Uint8Array(Buffer.concat(chunks));
    },
    async *stream(name: string): AsyncIterable<Uint8Array> {
      yield* await required(name);
    },
    async sha256(name: string): Promise<{ sha256: string; size: number }> {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of await required(name)) {
        hash.update(chunk);
        size += chunk.byteLength;
      }
      return { sha256: hash.digest('hex'), size };
    },
  };
}
