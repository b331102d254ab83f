import {
  AirError,
  type AttestSignatureResponse,
  type DocumentInfo,
  type NotificationData,
  type SignatureCanvas,
  type SignatureStroke,
  type SignatureStrokes,
  type SubmitSignatureResponse,
} from '@aircounter/protocol';
import { TypedEmitter } from './emitter.ts';
import type { Signaling } from './signaling/signaling.ts';

export type { DocumentInfo };

/** What `session.documents` tells. */
export interface DocumentEvents {
  /** The bank added a document to the live session. */
  added: NotificationData<'documentAdded'>;
  /** The agent leads to a page ("follow me"): set it as the viewer's `page`. */
  pageLed: NotificationData<'documentPageLed'>;
  /** Agent, supervisor: a stroke the customer just finished (null: the customer cleared the pad). */
  signatureStroke: NotificationData<'signatureStroke'>;
  /** Everyone: a signature attempt was received and kept, at `mediaTimeMs` of the recording. */
  signatureSubmitted: NotificationData<'signatureSubmitted'>;
  /** Customer: the agent asks to sign again, with the reason to show. */
  signatureRedoRequested: NotificationData<'signatureRedoRequested'>;
  /** Everyone: the agent attested an attempt; `signedDocumentSha256` names the signed PDF (null without a certificate). */
  signatureAttested: NotificationData<'signatureAttested'>;
}

/** The server's default `AIR_DOCUMENT_MAX_BYTES`: the most `fetch` assembles unless told otherwise. */
export const DEFAULT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export interface FetchDocumentOptions {
  /** Refuse a document announced larger than this (the page's memory is not the server's to size). */
  readonly maxBytes?: number;
  /** Stops fetching parts. */
  readonly signal?: AbortSignal;
}

/**
 * The session's documents to be signed (面签, docs/signing.md): the list,
 * the bytes over the participant's own signaling connection, the pages shown
 * and the customer's "I have read and agree".
 */
export interface Documents {
  /** The session's documents, oldest first. */
  list(): Promise<readonly DocumentInfo[]>;
  /**
   * The whole PDF, assembled from its parts and checked against the
   * SHA-256 the server announced; rejects with `DOCUMENT_INVALID` when the
   * bytes differ, and with `PAYLOAD_TOO_LARGE` above `maxBytes`.
   */
  fetch(document: DocumentInfo, options?: FetchDocumentOptions): Promise<Uint8Array>;
  /** Tells the server how long a page (1-based) was visible. */
  reportPage(documentId: string, page: number, visibleMs: number): Promise<void>;
  /** Customer: "I have read and agree", naming the short code the page showed. */
  confirmRead(documentId: string, shortCode: string): Promise<void>;
  /** Agent: "follow me" — the other participants receive `pageLed` with this page (1-based). */
  leadPage(documentId: string, page: number): Promise<void>;
  /** Customer: passes a finished stroke (or null after clearing the pad) on to the agent, who watches it live. */
  relayStroke(documentId: string, stroke: SignatureStroke | null, canvas: SignatureCanvas): Promise<void>;
  /**
   * Customer: submits the whole signature while the recording runs. Each
   * call is a new attempt with a fresh id, so a message replayed on the
   * wire signs nothing; resolves with the attempt's number and media time.
   */
  submitSignature(documentId: string, signature: SignatureStrokes): Promise<SubmitSignatureResponse>;
  /** Agent: asks the customer to sign again; the reason is shown to the customer. */
  requestRedo(documentId: string, reason: string): Promise<void>;
  /** Agent: attests that the customer made this attempt in view (亲见签名); the server then signs the PDF. */
  attest(documentId: string, attempt: number): Promise<AttestSignatureResponse>;
  on<K extends keyof DocumentEvents>(event: K, listener: (data: DocumentEvents[K]) => void): () => void;
  off<K extends keyof DocumentEvents>(event: K, listener: (data: DocumentEvents[K]) => void): void;
}

export class DocumentsController implements Documents {
  readonly #signaling: Signaling;
  readonly #events = new TypedEmitter<DocumentEvents>();

  constructor(signaling: Signaling) {
    this.#signaling = signaling;
  }

  async list(): Promise<readonly DocumentInfo[]> {
    const { documents } = await this.#signaling.request('listDocuments', {});
    return documents;
  }

  async fetch(document: DocumentInfo, options: FetchDocumentOptions = {}): Promise<Uint8Array> {
    const maxBytes = options.maxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES;
    const tooLarge = (bytes: number) =>
      new AirError('PAYLOAD_TOO_LARGE', `document ${document.documentId} has ${bytes} bytes (limit ${maxBytes})`);
    if (document.bytes > maxBytes) throw tooLarge(document.bytes);
    let bytes: Uint8Array<ArrayBuffer> = new Uint8Array(0);
    let offset = 0;
    let total = document.bytes;
    while (offset < total) {
      options.signal?.throwIfAborted();
      const part = await this.#signaling.request('getDocumentPart', { documentId: document.documentId, offset });
      // The server's total is the one that counts; it must still fit the bound.
      if (part.totalBytes > maxBytes) throw tooLarge(part.totalBytes);
      if (bytes.length !== part.totalBytes) bytes = resized(bytes, part.totalBytes);
      total = part.totalBytes;
      const chunk = fromBase64(part.base64);
      if (part.offset !== offset || chunk.length === 0 || offset + chunk.length > total)
        throw new AirError('DOCUMENT_INVALID', `document ${document.documentId}: unexpected part at ${part.offset}`);
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    if ((await sha256Hex(bytes)) !== document.sha256)
      throw new AirError('DOCUMENT_INVALID', `document ${document.documentId} does not match its SHA-256`);
    return bytes;
  }

  async reportPage(documentId: string, page: number, visibleMs: number): Promise<void> {
    await this.#signaling.request('reportDocumentPage', { documentId, page, visibleMs: Math.round(visibleMs) });
  }

  async confirmRead(documentId: string, shortCode: string): Promise<void> {
    await this.#signaling.request('confirmDocumentRead', { documentId, shortCode });
  }

  async leadPage(documentId: string, page: number): Promise<void> {
    await this.#signaling.request('leadDocumentPage', { documentId, page });
  }

  async relayStroke(documentId: string, stroke: SignatureStroke | null, canvas: SignatureCanvas): Promise<void> {
    await this.#signaling.request('relaySignatureStroke', { documentId, stroke, canvas });
  }

  async submitSignature(documentId: string, signature: SignatureStrokes): Promise<SubmitSignatureResponse> {
    return this.#signaling.request('submitSignature', { documentId, attemptId: crypto.randomUUID(), signature });
  }

  async requestRedo(documentId: string, reason: string): Promise<void> {
    await this.#signaling.request('requestSignatureRedo', { documentId, reason });
  }

  async attest(documentId: string, attempt: number): Promise<AttestSignatureResponse> {
    return this.#signaling.request('attestSignature', { documentId, attempt, statement: 'signature-witnessed' });
  }

  on<K extends keyof DocumentEvents>(event: K, listener: (data: DocumentEvents[K]) => void): () => void {
    return this.#events.on(event, listener);
  }

  off<K extends keyof DocumentEvents>(event: K, listener: (data: DocumentEvents[K]) => void): void {
    this.#events.off(event, listener);
  }

  /** A `documentAdded` notification. */
  added(notice: NotificationData<'documentAdded'>): void {
    this.#events.emit('added', notice);
  }

  /** A `documentPageLed` notification. */
  pageLed(notice: NotificationData<'documentPageLed'>): void {
    this.#events.emit('pageLed', notice);
  }

  /** A signing notification (`signatureStroke`, `signatureSubmitted`, …), passed on under its own name. */
  notify<K extends 'signatureStroke' | 'signatureSubmitted' | 'signatureRedoRequested' | 'signatureAttested'>(
    name: K,
    notice: DocumentEvents[K],
  ): void {
    this.#events.emit(name, notice);
  }
}

function resized(bytes: Uint8Array, length: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(length);
  next.set(bytes.subarray(0, Math.min(bytes.length, length)));
  return next;
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
