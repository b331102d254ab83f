import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * The SHA-256 checksums of a local file as S3 records them. S3 keeps a
 * single-part object's checksum as the SHA-256 of its bytes, but a multipart
 * object's as the SHA-256 of its parts' SHA-256s with `-<parts>` appended (a
 * checksum of checksums, not of the whole file). Both come from one read of
 * the file, part by part, so that a resumed upload can be compared with what
 * is already in the bucket.
 */
export interface FileChecksums {
  readonly size: number;
  /** SHA-256 of the whole file, hex (what the manifest records). */
  readonly sha256: string;
  /** SHA-256 of each part, base64 (what each UploadPart sends); one entry for a single-part upload. */
  readonly partSha256: readonly string[];
  /** The `ChecksumSHA256` S3 reports for the object once stored this way. */
  readonly objectChecksum: string;
  readonly multipart: boolean;
  /** The part size these checksums were computed with. */
  readonly partSize: number;
}

/** Reads `path` once, in parts of `partBytes`; files up to `partBytes` are a single-part upload. */
export async function fileChecksums(path: string, partBytes: number): Promise<FileChecksums> {
  const whole = createHash('sha256');
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of readParts(path, partBytes)) {
    whole.update(part);
    parts.push(createHash('sha256').update(part).digest());
    size += part.byteLength;
  }
  // An empty file is one empty part.
  if (parts.length === 0) parts.push(createHash('sha256').digest());
  const multipart = size > partBytes;
  const objectChecksum = multipart
    ? `${createHash('sha256').update(Buffer.concat(parts)).digest('base64')}-${parts.length}`
    : (parts[0] as Buffer).toString('base64');
  return {
    size,
    sha256: whole.digest('hex'),
    partSha256: parts.map((digest) => digest.toString('base64')),
    objectChecksum,
    multipart,
    partSize: partBytes,
  };
}

/** The file in consecutive parts of `partBytes` (the last one shorter), each a fresh buffer. */
export async function* readParts(path: string, partBytes: number): AsyncIterable<Buffer> {
  const handle = await open(path, 'r');
  try {
    // A sealed file does not change size; small files never get a whole part's buffer.
    const { size } = await handle.stat();
    for (let offset = 0; offset < size; offset += partBytes) {
      const buffer = Buffer.alloc(Math.min(partBytes, size - offset));
      let filled = 0;
      while (filled < buffer.byteLength) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.byteLength - filled, offset + filled);
        if (bytesRead === 0) throw new Error(`${path} shrank while it was read`);
        filled += bytesRead;
      }
      yield buffer;
    }
  } finally {
    await handle.close();
  }
}

/** Hex SHA-256 as S3's base64 `ChecksumSHA256`. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}
