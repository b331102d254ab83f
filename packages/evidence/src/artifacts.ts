import * as v from 'valibot';

/**
 * Artifacts: the files a package keeps besides the recordings and its own
 * bookkeeping — a still, a signature's strokes and image, a document and its
 * signed version, rendered speech, an ID image, a signed decision, a journey
 * definition. Every feature stores them the same way (the server's
 * `addArtifact`): bytes in, SHA-256 and size out, a write-once file named by
 * kind and hash, an `evidence.file.added` entry carrying the kind. Events refer
 * to an artifact by its SHA-256; the manifest lists it like any other file.
 */
export const ARTIFACT_KINDS = {
  still: 'a frame the server took from a participant’s video',
  'id-image': 'an image of an identity document',
  document: 'a document shown to the customer (as uploaded)',
  'signed-document': 'a document with the customer’s signature and the server’s PDF signature',
  'signature-strokes': 'the pen strokes of a handwritten signature (JSON)',
  'signature-image': 'a handwritten signature rendered as an image',
  speech: 'audio played into the call (rendered speech or a bank’s recording)',
  'journey-definition': 'the journey definition a session ran (JSON)',
  'authorization-decision': 'a signed authorization decision (JSON)',
} as const;

export type ArtifactKind = keyof typeof ARTIFACT_KINDS;

export const ArtifactKindSchema = v.picklist(Object.keys(ARTIFACT_KINDS) as [ArtifactKind, ...ArtifactKind[]]);

export function isArtifactKind(value: unknown): value is ArtifactKind {
  return typeof value === 'string' && Object.hasOwn(ARTIFACT_KINDS, value);
}

/** The media types an artifact may have, with the extension its file name gets. */
export const ARTIFACT_MEDIA_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
  'application/json': 'json',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'text/plain': 'txt',
} as const;

export type ArtifactMediaType = keyof typeof ARTIFACT_MEDIA_TYPES;

export function isArtifactMediaType(value: unknown): value is ArtifactMediaType {
  return typeof value === 'string' && Object.hasOwn(ARTIFACT_MEDIA_TYPES, value);
}

/**
 * An artifact's file name: `<kind>-<sha256>.<ext>`. The full hash keeps names
 * unique without a counter, so storing the same bytes twice names the same file.
 */
export function artifactFileName(kind: ArtifactKind, sha256: string, mediaType: ArtifactMediaType): string {
  return `${kind}-${sha256}.${ARTIFACT_MEDIA_TYPES[mediaType]}`;
}

/** What a package says about one artifact (from its `evidence.file.added` entry). */
export interface ArtifactRef {
  readonly kind: ArtifactKind;
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: ArtifactMediaType;
}
