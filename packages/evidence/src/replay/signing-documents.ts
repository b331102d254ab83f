import { artifactFileName, type ArtifactKind, type ArtifactMediaType } from '../artifacts.ts';
import type { LooseEntry } from './replay-model.ts';
import { typedData } from './typed-entry.ts';

// The documents a session signed face to face (面签), read from the signing
// events of the log: what was shown, the customer's confirmation, every
// signature attempt at its media time, the agent's requests to sign again and
// attestations, and the signed PDFs. Each file is named by the SHA-256 the
// event gives it, so a reviewer is handed exactly the bytes the log names
// (`readArtifact` checks them). Lenient like the rest of the replay model: an
// entry whose data does not match its schema is skipped.

/** A file of the package that an event names by SHA-256. */
export interface ReplayArtifact {
  readonly kind: ArtifactKind;
  readonly sha256: string;
  readonly mediaType: ArtifactMediaType;
  /** Its name in the package: `<kind>-<sha256>.<ext>`. */
  readonly file: string;
}

/** A moment of the log: where it is, and where a jump goes. */
interface Logged {
  readonly seq: number;
  /** As logged: null before the recording started. */
  readonly mediaTimeMs: number | null;
  /** `mediaTimeMs`, or 0. */
  readonly atMs: number;
}

/** One accepted signature attempt (every attempt stays in the package, redone or not). */
export interface ReplaySignatureAttempt extends Logged {
  /** 1 for the first attempt, 2 after a redo … */
  readonly attempt: number;
  readonly peerId: string;
  /** The PNG the server rendered from the strokes. */
  readonly image: ReplayArtifact;
  readonly strokes: ReplayArtifact;
  /** A still of the customer's camera at that moment; undefined when none could be taken. */
  readonly still: ReplayArtifact | undefined;
  /** Whether the agent attested this attempt. */
  readonly attested: boolean;
}

export interface ReplayRedoRequest extends Logged {
  readonly peerId: string;
  readonly reason: string;
}

export interface ReplayAttestation extends Logged {
  readonly attempt: number;
  readonly peerId: string;
  readonly statement: string;
}

export interface ReplaySignedDocument extends Logged {
  /** The attempt whose image was stamped into the PDF. */
  readonly attempt: number;
  readonly artifact: ReplayArtifact;
  /** The signing media time written into the PDF signature. */
  readonly signingMediaTimeMs: number | null;
}

export interface ReplayReadConfirmation extends Logged {
  readonly peerId: string;
  readonly shortCode: string;
}

/** One document of the session, with everything the log says about its signing. */
export interface ReplayDocument {
  readonly documentId: string;
  /** From `signing.document.added`; undefined when the log lacks that entry. */
  readonly title: string | undefined;
  readonly shortCode: string | undefined;
  readonly pages: number | undefined;
  /** The PDF as the bank uploaded it. */
  readonly original: ReplayArtifact | undefined;
  readonly readConfirmed: ReplayReadConfirmation | undefined;
  readonly attempts: readonly ReplaySignatureAttempt[];
  readonly redoRequests: readonly ReplayRedoRequest[];
  readonly attestations: readonly ReplayAttestation[];
  /** The signed PDFs (one per attested attempt; none when no signing certificate was configured). */
  readonly signed: readonly ReplaySignedDocument[];
}

const pdf = (kind: 'document' | 'signed-document', sha256: string): ReplayArtifact =>
  artifact(kind, sha256, 'application/pdf');

function artifact(kind: ArtifactKind, sha256: string, mediaType: ArtifactMediaType): ReplayArtifact {
  return { kind, sha256, mediaType, file: artifactFileName(kind, sha256, mediaType) };
}

const logged = (entry: LooseEntry): Logged => ({
  seq: entry.seq,
  mediaTimeMs: entry.mediaTimeMs,
  atMs: entry.mediaTimeMs ?? 0,
});

interface Draft {
  documentId: string;
  title: string | undefined;
  shortCode: string | undefined;
  pages: number | undefined;
  original: ReplayArtifact | undefined;
  readConfirmed: ReplayReadConfirmation | undefined;
  attempts: Omit<ReplaySignatureAttempt, 'attested'>[];
  redoRequests: ReplayRedoRequest[];
  attestations: ReplayAttestation[];
  signed: ReplaySignedDocument[];
}

/**
 * The session's documents in the order the log first names them, each with
 * its signing history; empty when the session signed nothing.
 */
export function documentsOf(entries: readonly LooseEntry[]): ReplayDocument[] {
  const drafts = new Map<string, Draft>();
  const draft = (documentId: string): Draft => {
    let found = drafts.get(documentId);
    if (!found) {
      found = {
        documentId,
        title: undefined,
        shortCode: undefined,
        pages: undefined,
        original: undefined,
        readConfirmed: undefined,
        attempts: [],
        redoRequests: [],
        attestations: [],
        signed: [],
      };
      drafts.set(documentId, found);
    }
    return found;
  };
  // A document whose `added` entry is missing still gets its original from the hash later entries name.
  const original = (document: Draft, sha256: string): void => {
    document.original ??= pdf('document', sha256);
  };

  for (const entry of entries) {
    const added = typedData(entry, 'signing.document.added');
    if (added) {
      const document = draft(added.documentId);
      document.title = added.title;
      document.shortCode = added.shortCode;
      document.pages = added.pages;
      document.original = pdf('document', added.sha256);
      continue;
    }
    const confirmed = typedData(entry, 'signing.document.read-confirmed');
    if (confirmed) {
      const document = draft(confirmed.documentId);
      original(document, confirmed.sha256);
      document.shortCode ??= confirmed.shortCode;
      document.readConfirmed ??= { ...logged(entry), peerId: confirmed.peerId, shortCode: confirmed.shortCode };
      continue;
    }
    const submitted = typedData(entry, 'signing.signature.submitted');
    if (submitted) {
      const document = draft(submitted.documentId);
      original(document, submitted.documentSha256);
      document.attempts.push({
        ...logged(entry),
        attempt: submitted.attempt,
        peerId: submitted.peerId,
        image: artifact('signature-image', submitted.imageSha256, 'image/png'),
        strokes: artifact('signature-strokes', submitted.strokesSha256, 'application/json'),
        still: submitted.stillSha256 === null ? undefined : artifact('still', submitted.stillSha256, 'image/jpeg'),
      });
      continue;
    }
    const redo = typedData(entry, 'signing.signature.redo-requested');
    if (redo) {
      draft(redo.documentId).redoRequests.push({ ...logged(entry), peerId: redo.peerId, reason: redo.reason });
      continue;
    }
    const attested = typedData(entry, 'signing.signature.attested');
    if (attested) {
      draft(attested.documentId).attestations.push({
        ...logged(entry),
        attempt: attested.attempt,
        peerId: attested.peerId,
        statement: attested.statement,
      });
      continue;
    }
    const signed = typedData(entry, 'signing.document.signed');
    if (signed) {
      const document = draft(signed.documentId);
      original(document, signed.documentSha256);
      document.signed.push({
        ...logged(entry),
        attempt: signed.attempt,
        artifact: pdf('signed-document', signed.signedSha256),
        signingMediaTimeMs: signed.signingMediaTimeMs,
      });
    }
  }

  return [...drafts.values()].map((document) => {
    const attestedAttempts = new Set(document.attestations.map((item) => item.attempt));
    return {
      ...document,
      attempts: document.attempts.map((item) => ({ ...item, attested: attestedAttempts.has(item.attempt) })),
    };
  });
}

/** Characters no file system takes in a name (and control characters). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const UNSAFE_IN_FILE_NAMES = /[\u0000-\u001f\u007f\\/:*?"<>|]+/g;
const MAX_NAME_LENGTH = 80;

/**
 * A file name to save a document's PDF under: its title (the document id
 * without one), its short code and `suffix` (the element passes "signed" in
 * the reviewer's language for a signed version), e.g.
 * `Loan contract 3F9A-21C7 signed.pdf`. Characters file systems refuse become `-`.
 */
export function documentDownloadName(document: ReplayDocument, suffix?: string): string {
  const clean = (text: string): string => text.replace(UNSAFE_IN_FILE_NAMES, '-').trim();
  const title = Array.from(clean(document.title ?? document.documentId))
    .slice(0, MAX_NAME_LENGTH)
    .join('');
  const parts = [title === '' ? 'document' : title];
  if (document.shortCode !== undefined) parts.push(clean(document.shortCode));
  if (suffix !== undefined && clean(suffix) !== '') parts.push(clean(suffix));
  return `${parts.join(' ')}.pdf`;
}
