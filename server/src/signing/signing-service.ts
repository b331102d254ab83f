import { createHash } from 'node:crypto';
import {
  AirError,
  signatureComplexity,
  signatureTooSimple,
  type AttestSignatureResponse,
  type DocumentInfo,
  DOCUMENT_PART_BYTES,
  type ErrorCode,
  type GetDocumentPartResponse,
  type RequestData,
  type SubmitSignatureResponse,
} from '@aircounter/protocol';
import type { SigningConfig } from '../config.ts';
import { addArtifact, readArtifact } from '../evidence/artifacts.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { StillGrabber } from '../media/still.ts';
import type { Peer } from '../media/peer.ts';
import type { Room } from '../media/room.ts';
import type { DocumentRepository, SessionDocument } from '../store/documents-repository.ts';
import type { CmsSigningKey } from './cms.ts';
import { stampAndSign, type SignatureField } from './pades.ts';
import { checkPdf, shortCode } from './pdf-check.ts';
import { renderSignaturePng } from './render-signature.ts';

export interface SigningServiceOptions {
  readonly documents: DocumentRepository;
  readonly evidence: EvidenceService;
  readonly settings: SigningConfig;
  /** The bank's PDF signing certificate and key; without them no signed PDF is made. */
  readonly pdfKey: CmsSigningKey | undefined;
  /** Takes a still of the customer's camera at the signing moment (server/src/media/still.ts). */
  readonly stills: Pick<StillGrabber, 'take'>;
  readonly log: Logger;
}

export interface NewDocument {
  readonly documentId: string;
  readonly title: string;
  /** Where the signature goes; none for a document the customer only reads. */
  readonly field: SignatureField | undefined;
  readonly pdf: Uint8Array;
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function info(document: SessionDocument): DocumentInfo {
  return {
    documentId: document.documentId,
    title: document.title,
    sha256: document.sha256,
    shortCode: shortCode(document.sha256),
    pages: document.pages,
    bytes: document.bytes,
    signable: document.field !== undefined,
  };
}

/** Roles that watch the customer sign (they get the live strokes). */
const WATCHERS = new Set(['agent', 'supervisor']);

/**
 * Face-to-face signing (docs/signing.md): the bank's documents, the pages
 * viewed, the customer's confirmation and signature attempts, the agent's
 * attestation and the signed PDF. State is rows in the store; every file
 * goes through `addArtifact`; every step is an evidence event.
 */
export class SigningService {
  readonly #documents: DocumentRepository;
  readonly #evidence: EvidenceService;
  readonly #settings: SigningConfig;
  readonly #pdfKey: CmsSigningKey | undefined;
  readonly #stills: Pick<StillGrabber, 'take'>;
  readonly #log: Logger;

  constructor(options: SigningServiceOptions) {
    this.#documents = options.documents;
    this.#evidence = options.evidence;
    this.#settings = options.settings;
    this.#pdfKey = options.pdfKey;
    this.#stills = options.stills;
    this.#log = options.log;
  }

  /** Whether signed PDFs are made (a signing certificate is configured). */
  get signsPdf(): boolean {
    return this.#pdfKey !== undefined;
  }

  /**
   * The bank's upload: checks the PDF, keeps it as a `document` artifact,
   * records it and logs `signing.document.added`. Tells the room, if live.
   */
  async addDocument(sessionId: string, input: NewDocument, room: Room | undefined): Promise<DocumentInfo> {
    const checked = await checkPdf(input.pdf, input.field);
    const existing = await this.#documents.get(sessionId, input.documentId);
    if (existing) {
      // A retried upload of the same bytes is answered as the first one; other bytes under the same id are refused.
      if (existing.sha256 === sha256Hex(input.pdf)) return info(existing);
      throw new AirError('INVALID_PARAMS', `document ${input.documentId} already exists in this session`);
    }
    // Checked before the file is kept, so a refused upload leaves nothing in the evidence (the insert re-checks).
    if ((await this.#documents.list(sessionId)).length >= this.#settings.maxDocumentsPerSession) {
      this.#refuseDocumentLimit(sessionId);
    }
    const ref = await addArtifact(this.#evidence, sessionId, {
      kind: 'document',
      mediaType: 'application/pdf',
      bytes: input.pdf,
    });
    const document = await this.#documents.add(
      {
        sessionId,
        documentId: input.documentId,
        title: input.title,
        sha256: ref.sha256,
        bytes: ref.size,
        pages: checked.pages,
        field: input.field,
      },
      this.#settings.maxDocumentsPerSession,
    );
    if (!document) this.#refuseDocumentLimit(sessionId);
    const documentInfo = info(document);
    await this.#evidence.append(sessionId, {
      type: 'signing.document.added',
      data: { ...documentInfo, ...(input.field ? { field: { ...input.field } } : {}) },
    });
    room?.broadcast('documentAdded', { document: documentInfo });
    return documentInfo;
  }

  #refuseDocumentLimit(sessionId: string): never {
    this.#log.warn('document refused: per-session limit', { sessionId, limit: this.#settings.maxDocumentsPerSession });
    throw new AirError('PAYLOAD_TOO_LARGE', `a session has at most ${this.#settings.maxDocumentsPerSession} documents`);
  }

  async list(sessionId: string): Promise<DocumentInfo[]> {
    return (await this.#documents.list(sessionId)).map(info);
  }

  /** The PDF as uploaded, checked against its hash. */
  async readDocument(sessionId: string, documentId: string): Promise<Uint8Array> {
    const document = await this.#require(sessionId, documentId);
    const bytes = await readArtifact(this.#evidence, sessionId, {
      kind: 'document',
      sha256: document.sha256,
      mediaType: 'application/pdf',
    });
    if (!bytes) throw new AirError('DOCUMENT_NOT_FOUND', 'the document is no longer available');
    return bytes;
  }

  /** A part of the PDF for a participant's page (DOCUMENT_PART_BYTES at a time). */
  async readPart(sessionId: string, documentId: string, offset: number): Promise<GetDocumentPartResponse> {
    const bytes = await this.readDocument(sessionId, documentId);
    if (offset >= bytes.byteLength) throw new AirError('INVALID_PARAMS', 'offset beyond the end of the document');
    const part = bytes.subarray(offset, offset + DOCUMENT_PART_BYTES);
    return { offset, totalBytes: bytes.byteLength, base64: Buffer.from(part).toString('base64') };
  }

  async reportPage(room: Room, peer: Peer, data: RequestData<'reportDocumentPage'>): Promise<void> {
    const document = await this.#require(room.sessionId, data.documentId);
    if (data.page > document.pages) {
      throw new AirError('INVALID_PARAMS', `the document has ${document.pages} pages`);
    }
    if (!(await this.#documents.countPageReport(room.sessionId, data.documentId, this.#settings.maxPageReports))) {
      this.#log.warn('page report refused: limit reached', {
        sessionId: room.sessionId,
        documentId: data.documentId,
        limit: this.#settings.maxPageReports,
      });
      throw new AirError('RATE_LIMITED', 'this document takes no more page reports');
    }
    await this.#evidence.append(room.sessionId, {
      type: 'signing.document.page-viewed',
      data: {
        documentId: data.documentId,
        peerId: peer.id,
        role: peer.role,
        page: data.page,
        visibleMs: data.visibleMs,
      },
    });
  }

  /**
   * "Follow me": the agent's page goes to every other participant, whose viewer shows it. Not on the chain by
   * itself: what each side really saw, and for how long, is what their page reports log.
   */
  async leadPage(room: Room, peer: Peer, data: RequestData<'leadDocumentPage'>): Promise<void> {
    const document = await this.#require(room.sessionId, data.documentId);
    if (data.page > document.pages) {
      throw new AirError('INVALID_PARAMS', `the document has ${document.pages} pages`);
    }
    for (const other of room.peers.values()) {
      if (other.id !== peer.id) other.notify('documentPageLed', { documentId: data.documentId, page: data.page });
    }
  }

  async confirmRead(room: Room, peer: Peer, data: RequestData<'confirmDocumentRead'>): Promise<void> {
    const document = await this.#require(room.sessionId, data.documentId);
    if (data.shortCode !== shortCode(document.sha256)) {
      throw new AirError('INVALID_PARAMS', 'the short code is not the one of this document');
    }
    if (document.readConfirmedAt !== undefined) return;
    await this.#documents.confirmRead(room.sessionId, data.documentId, peer.id);
    await this.#evidence.append(room.sessionId, {
      type: 'signing.document.read-confirmed',
      data: { documentId: data.documentId, peerId: peer.id, sha256: document.sha256, shortCode: data.shortCode },
    });
  }

  /** Passes a finished stroke to the agent and supervisor while the customer draws (not evidence: the submission is). */
  async relayStroke(room: Room, peer: Peer, data: RequestData<'relaySignatureStroke'>): Promise<void> {
    await this.#requireSignable(room.sessionId, data.documentId);
    for (const other of room.peers.values()) {
      if (other.id !== peer.id && WATCHERS.has(other.role)) {
        other.notify('signatureStroke', {
          documentId: data.documentId,
          peerId: peer.id,
          stroke: data.stroke,
          canvas: data.canvas,
        });
      }
    }
  }

  /**
   * A signature attempt: only while the recording is active, on a document the
   * customer confirmed, once per attempt id, within the attempt limit and the
   * minimum complexity. Keeps the strokes (JSON) and the PNG the server
   * renders from them, and logs both hashes at the signing media time.
   */
  async submit(room: Room, peer: Peer, data: RequestData<'submitSignature'>): Promise<SubmitSignatureResponse> {
    const sessionId = room.sessionId;
    const document = await this.#require(sessionId, data.documentId);
    const refuse = async (code: ErrorCode, reason: string): Promise<never> => {
      this.#log.info('signature refused', { sessionId, documentId: data.documentId, code, reason });
      await this.#evidence.append(sessionId, {
        type: 'signing.signature.refused',
        data: { documentId: data.documentId, peerId: peer.id, code, reason },
      });
      throw new AirError(code, reason);
    };
    if (document.field === undefined) {
      return refuse('DOCUMENT_NOT_SIGNABLE', 'the document was uploaded to be read, without a signature field');
    }
    if (room.recordingStatus.state !== 'active') {
      return refuse('RECORDING_NOT_ACTIVE', 'a signature is accepted only while the session is being recorded');
    }
    if (document.readConfirmedAt === undefined) {
      return refuse('DOCUMENT_NOT_CONFIRMED', 'the customer has not confirmed reading the document');
    }
    if (await this.#documents.attemptIdUsed(sessionId, data.attemptId)) {
      return refuse('SIGNATURE_REPLAYED', 'this attempt id was already submitted');
    }
    if ((await this.#documents.attemptCount(sessionId, data.documentId)) >= this.#settings.maxSignatureAttempts) {
      return refuse('RATE_LIMITED', `at most ${this.#settings.maxSignatureAttempts} signature attempts per document`);
    }
    const tooSimple = signatureTooSimple(data.signature, this.#settings.minimum);
    if (tooSimple !== undefined) return refuse('SIGNATURE_REJECTED', tooSimple);

    // The still is taken now, at the signing moment, while the strokes are stored.
    const still = this.#stillOf(room, peer);
    const strokesJson = new TextEncoder().encode(JSON.stringify(data.signature));
    const [strokes, image] = await Promise.all([
      addArtifact(this.#evidence, sessionId, {
        kind: 'signature-strokes',
        mediaType: 'application/json',
        bytes: strokesJson,
      }),
      addArtifact(this.#evidence, sessionId, {
        kind: 'signature-image',
        mediaType: 'image/png',
        bytes: renderSignaturePng(data.signature),
      }),
    ]);
    // The row first: its unique attempt id settles a replay that raced past the check above.
    const attempt = await this.#documents.addAttempt(
      sessionId,
      {
        documentId: data.documentId,
        attemptId: data.attemptId,
        peerId: peer.id,
        strokesSha256: strokes.sha256,
        imageSha256: image.sha256,
        mediaTimeMs: null,
      },
      this.#settings.maxSignatureAttempts,
    );
    const stillSha256 = await still;
    if (!attempt) return refuse('SIGNATURE_REPLAYED', 'this attempt id was already submitted');
    const measured = signatureComplexity(data.signature);
    const entry = await this.#evidence.append(sessionId, {
      type: 'signing.signature.submitted',
      data: {
        documentId: data.documentId,
        peerId: peer.id,
        attempt: attempt.attempt,
        attemptId: data.attemptId,
        documentSha256: document.sha256,
        strokesSha256: strokes.sha256,
        imageSha256: image.sha256,
        stillSha256,
        strokes: measured.strokes,
        points: measured.points,
        durationMs: measured.durationMs,
      },
    });
    // The signing media time is the one the evidence log gave the submission.
    const mediaTimeMs = entry.mediaTimeMs;
    await this.#documents.setAttemptMediaTime(sessionId, data.documentId, attempt.attempt, mediaTimeMs);
    room.broadcast('signatureSubmitted', {
      documentId: data.documentId,
      peerId: peer.id,
      attempt: attempt.attempt,
      mediaTimeMs,
    });
    return { attempt: attempt.attempt, strokesSha256: strokes.sha256, imageSha256: image.sha256, mediaTimeMs };
  }

  /**
   * The SHA-256 of a `still` artifact of the customer's camera, or null when
   * none could be taken (no camera, no frame in time, the session's still
   * limit): the recording still shows the moment, and the event says so.
   */
  async #stillOf(room: Room, peer: Peer): Promise<string | null> {
    try {
      return (await this.#stills.take(room, peer.id)).artifact.sha256;
    } catch (error: unknown) {
      this.#log.warn('no still at the signing moment', {
        sessionId: room.sessionId,
        peerId: peer.id,
        code: error instanceof AirError ? error.code : 'INTERNAL',
      });
      return null;
    }
  }

  async requestRedo(room: Room, peer: Peer, data: RequestData<'requestSignatureRedo'>): Promise<void> {
    await this.#requireSignable(room.sessionId, data.documentId);
    await this.#evidence.append(room.sessionId, {
      type: 'signing.signature.redo-requested',
      data: { documentId: data.documentId, peerId: peer.id, reason: data.reason },
    });
    for (const other of room.peers.values()) {
      if (other.role === 'customer') {
        other.notify('signatureRedoRequested', { documentId: data.documentId, reason: data.reason });
      }
    }
  }

  /**
   * The agent's 亲见签名 on one attempt. Then the attempt's image is stamped
   * into the document and the PDF signed (PAdES) with the bank's certificate,
   * when one is configured; the signed PDF is a `signed-document` artifact.
   */
  async attest(room: Room, peer: Peer, data: RequestData<'attestSignature'>): Promise<AttestSignatureResponse> {
    const sessionId = room.sessionId;
    const document = await this.#requireSignable(sessionId, data.documentId);
    const attempt = await this.#documents.getAttempt(sessionId, data.documentId, data.attempt);
    if (!attempt) throw new AirError('INVALID_PARAMS', `no signature attempt ${data.attempt} on this document`);
    if (attempt.attestedBy !== undefined) return { signedDocumentSha256: attempt.signedSha256 ?? null };
    await this.#evidence.append(sessionId, {
      type: 'signing.signature.attested',
      data: {
        documentId: data.documentId,
        peerId: peer.id,
        attempt: data.attempt,
        statement: data.statement,
        imageSha256: attempt.imageSha256,
      },
    });
    const signedSha256 = this.#pdfKey ? await this.#signPdf(room, document, attempt, this.#pdfKey) : undefined;
    if (!this.#pdfKey)
      this.#log.warn('no PDF signing certificate configured: the signed PDF is not made', { sessionId });
    await this.#documents.markAttested(sessionId, data.documentId, data.attempt, peer.id, signedSha256);
    const result = { signedDocumentSha256: signedSha256 ?? null };
    room.broadcast('signatureAttested', { documentId: data.documentId, attempt: data.attempt, ...result });
    return result;
  }

  async #signPdf(
    room: Room,
    document: SessionDocument & { readonly field: SignatureField },
    attempt: { attempt: number; imageSha256: string; mediaTimeMs: number | null; peerId: string },
    key: CmsSigningKey,
  ): Promise<string> {
    const sessionId = room.sessionId;
    const [pdf, png] = await Promise.all([
      this.readDocument(sessionId, document.documentId),
      readArtifact(this.#evidence, sessionId, {
        kind: 'signature-image',
        sha256: attempt.imageSha256,
        mediaType: 'image/png',
      }),
    ]);
    if (!png) throw new AirError('INTERNAL', 'the signature image of the attempt is missing');
    const mediaTime = attempt.mediaTimeMs === null ? 'unknown' : `${attempt.mediaTimeMs} ms`;
    const signed = await stampAndSign(
      pdf,
      png,
      document.field,
      {
        name: room.peers.get(attempt.peerId)?.displayName ?? attempt.peerId,
        // Everything a reader needs to find the moment in the recording, readable in any PDF tool.
        reason:
          `AirCounter face-to-face signing; session ${sessionId}; document ${document.documentId}; ` +
          `attempt ${attempt.attempt}; signing media time ${mediaTime}; evidence key ${this.#evidence.keys.keyId}`,
        contactInfo: this.#settings.pdfContactInfo,
        location: this.#settings.pdfLocation,
        signingTime: new Date(),
      },
      key,
    );
    const ref = await addArtifact(this.#evidence, sessionId, {
      kind: 'signed-document',
      mediaType: 'application/pdf',
      bytes: signed,
    });
    await this.#evidence.append(sessionId, {
      type: 'signing.document.signed',
      data: {
        documentId: document.documentId,
        attempt: attempt.attempt,
        documentSha256: document.sha256,
        signedSha256: ref.sha256,
        subFilter: 'ETSI.CAdES.detached',
        certificateSha256: sha256Hex(key.certificate),
        signingMediaTimeMs: attempt.mediaTimeMs,
      },
    });
    return ref.sha256;
  }

  async #require(sessionId: string, documentId: string): Promise<SessionDocument> {
    const document = await this.#documents.get(sessionId, documentId);
    if (!document) throw new AirError('DOCUMENT_NOT_FOUND', `no document ${documentId} in this session`);
    return document;
  }

  /** A document of the session that takes a signature (one uploaded with a signature field). */
  async #requireSignable(
    sessionId: string,
    documentId: string,
  ): Promise<SessionDocument & { readonly field: SignatureField }> {
    const document = await this.#require(sessionId, documentId);
    const { field } = document;
    if (field === undefined) {
      throw new AirError('DOCUMENT_NOT_SIGNABLE', `document ${documentId} is to be read, not signed`);
    }
    return { ...document, field };
  }
}
