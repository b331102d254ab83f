import * as v from 'valibot';
import { ArtifactKindSchema } from '../artifacts.ts';
import { Count, Sha256, Text } from './common.ts';

// The package's own bookkeeping, written by the evidence service.

/**
 * A file entered the package (write-once): the log commits to its hash on
 * arrival. `kind` is present when the file is an artifact (artifacts.ts).
 */
export const EvidenceFileAdded = v.object({
  name: Text,
  size: Count,
  sha256: Sha256,
  mediaType: Text,
  kind: v.optional(ArtifactKindSchema),
});

/** A torn last line (a crash mid-append) was cut off when the log was reopened. */
export const EvidenceLogRepaired = v.object({ droppedBytes: Count });

/** Always the last entry of a finalized package. */
export const EvidenceFinalized = v.object({
  complete: v.boolean(),
  /** Why the package is incomplete; null when complete. */
  reason: v.nullable(Text),
});
