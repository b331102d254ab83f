import { createHash } from 'node:crypto';
import {
  artifactFileName,
  isArtifactKind,
  isArtifactMediaType,
  type ArtifactKind,
  type ArtifactMediaType,
  type ArtifactRef,
} from '@aircounter/evidence';
import { AirError } from '@aircounter/protocol';
import type { EvidenceService } from './evidence-service.ts';

export interface ArtifactInput {
  readonly kind: ArtifactKind;
  readonly mediaType: ArtifactMediaType;
  readonly bytes: Uint8Array;
}

/**
 * The one way a feature keeps a file in a session's evidence (see
 * `@aircounter/evidence` artifacts.ts): stores the bytes write-once under
 * `<kind>-<sha256>.<ext>`, logs `evidence.file.added` with the kind, and
 * returns the reference an event should carry. Storing the same bytes again
 * returns the existing reference without a second entry, so a retried action
 * cannot duplicate evidence. Fails with STORAGE_WRITE_ONCE once the package is
 * being sealed.
 */
export async function addArtifact(
  evidence: EvidenceService,
  sessionId: string,
  input: ArtifactInput,
): Promise<ArtifactRef> {
  if (!isArtifactKind(input.kind)) throw new AirError('INVALID_PARAMS', 'unknown artifact kind');
  if (!isArtifactMediaType(input.mediaType)) throw new AirError('INVALID_PARAMS', 'unsupported artifact media type');
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const name = artifactFileName(input.kind, sha256, input.mediaType);
  const ref: ArtifactRef = { kind: input.kind, name, sha256, size: input.bytes.byteLength, mediaType: input.mediaType };
  if (await evidence.store.stat(sessionId, name)) return ref;
  try {
    await evidence.addFile(sessionId, name, { bytes: input.bytes }, { mediaType: input.mediaType, kind: input.kind });
  } catch (error) {
    // Two requests stored the same bytes at once: the name is the hash, so the other one's file is this one.
    if (
      error instanceof AirError &&
      error.code === 'STORAGE_WRITE_ONCE' &&
      (await evidence.store.stat(sessionId, name))
    ) {
      return ref;
    }
    throw error;
  }
  return ref;
}

/**
 * An artifact's bytes by its SHA-256, checked against the hash (a file that
 * changed on disk is an error, never returned). Undefined when the session has
 * no artifact of that kind and hash.
 */
export async function readArtifact(
  evidence: EvidenceService,
  sessionId: string,
  ref: Pick<ArtifactRef, 'kind' | 'sha256' | 'mediaType'>,
): Promise<Uint8Array | undefined> {
  const bytes = await evidence.store.readAll(sessionId, artifactFileName(ref.kind, ref.sha256, ref.mediaType));
  if (bytes === undefined) return undefined;
  if (createHash('sha256').update(bytes).digest('hex') !== ref.sha256) {
    throw new AirError(
      'INTERNAL',
      `artifact ${ref.kind} ${ref.sha256.slice(0, 12)} of ${sessionId} does not match its hash`,
    );
  }
  return bytes;
}
