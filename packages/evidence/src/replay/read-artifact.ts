import { AirError } from '@aircounter/protocol';
import { sha256Hex } from '../sha256.ts';
import type { ReplaySource } from './replay-source.ts';
import type { ReplayArtifact } from './signing-documents.ts';

/**
 * The bytes of an artifact differ from the SHA-256 the event log names for
 * it: they are not handed out. `code` is the verifier's problem code for the
 * same finding, so a view can say it in the words it uses for the integrity check.
 */
export class ArtifactMismatchError extends Error {
  override readonly name = 'ArtifactMismatchError';
  readonly code = 'MEDIA_HASH_MISMATCH';
  readonly file: string;
  readonly expectedSha256: string;
  readonly actualSha256: string;

  constructor(file: string, expectedSha256: string, actualSha256: string) {
    super(`${file} has SHA-256 ${actualSha256}, the event log names ${expectedSha256}`);
    this.file = file;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }
}

export interface ReadArtifactOptions {
  /** Stops the read: it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * An artifact's bytes from `source`, read when asked (a package's PDFs and
 * images are not loaded with the replay) and checked against the SHA-256 the
 * event names before they are returned. The integrity check vouches for the
 * package as a whole; this makes sure the file a reviewer opens is the very
 * one the log refers to, also when the check has not finished or failed.
 *
 * @throws AirError `EVIDENCE_NOT_FOUND` when the package lacks the file,
 *   {@link ArtifactMismatchError} when its bytes are not the ones named.
 */
export async function readArtifact(
  source: ReplaySource,
  sessionId: string,
  artifact: ReplayArtifact,
  options: ReadArtifactOptions = {},
): Promise<Uint8Array> {
  const { signal } = options;
  signal?.throwIfAborted();
  const bytes = await source.read(sessionId, artifact.file);
  signal?.throwIfAborted();
  if (bytes === undefined) {
    throw new AirError('EVIDENCE_NOT_FOUND', `${artifact.file} is not in session ${sessionId}`);
  }
  const actual = await sha256Hex(bytes);
  signal?.throwIfAborted();
  if (actual !== artifact.sha256) throw new ArtifactMismatchError(artifact.file, artifact.sha256, actual);
  return bytes;
}
