// The thin glue between a joined session's documents (面签) and the signing
// elements on a demo page: it lists and fetches the session's documents,
// keeps what each page needs to draw (read, attempts, the agent's redo
// request, the attestation, the strokes the customer is drawing), and makes
// the call each element event stands for. The elements stay free of network
// code; the server decides, this only reflects its answers.
import type { DocumentInfo, Session, SignatureCanvas, SignatureStroke, SignatureStrokes } from '@aircounter/client';
import { codeOf } from './error-code.ts';

/** What the binding uses of a joined session. */
export type SigningSession = Pick<Session, 'documents' | 'recording' | 'on'>;

export interface SignatureAttempt {
  readonly attempt: number;
  /** Where in the recording the server received it. */
  readonly mediaTimeMs: number | null;
}

/** One document of the session as the page shows it. */
export interface SigningDocument {
  readonly info: DocumentInfo;
  /** The PDF, once fetched and checked against its SHA-256. */
  readonly bytes: Uint8Array | undefined;
  /** Why the PDF could not be fetched (a typed error code). */
  readonly loadErrorCode: string | undefined;
  /** The customer's "I have read and agree" was accepted. */
  readonly readConfirmed: boolean;
  readonly attempts: readonly SignatureAttempt[];
  /** The agent's latest request to sign again, until the next attempt. */
  readonly redoReason: string | undefined;
  /** The agent attested this attempt; `signedDocumentSha256` is null without a signing certificate. */
  readonly attested: { readonly attempt: number; readonly signedDocumentSha256: string | null } | undefined;
  /** Agent: the strokes of the signature being drawn, as relayed (cleared when the customer clears the pad). */
  readonly liveStrokes: readonly SignatureStroke[];
  readonly liveCanvas: SignatureCanvas | undefined;
}

/** Told to the page for what it does imperatively: follow the agent's page, clear the pad for a redo. */
export interface SigningCallbacks {
  readonly onChange: () => void;
  readonly onPageLed?: (documentId: string, page: number) => void;
  readonly onRedoRequested?: (documentId: string) => void;
  readonly onStroke?: (documentId: string, stroke: SignatureStroke | null, canvas: SignatureCanvas) => void;
}

export class SigningBinding {
  readonly #session: SigningSession;
  readonly #callbacks: SigningCallbacks;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #documents = new Map<string, SigningDocument>();
  #errorCode: string | undefined;
  #busy = false;
  #following = true;
  readonly #lastLed = new Map<string, number>();

  constructor(session: SigningSession, callbacks: SigningCallbacks) {
    this.#session = session;
    this.#callbacks = callbacks;
    const documents = session.documents;
    this.#unsubscribe.push(
      documents.on('added', ({ document }) => void this.#add(document)),
      documents.on('pageLed', ({ documentId, page }) => callbacks.onPageLed?.(documentId, page)),
      documents.on('signatureStroke', ({ documentId, stroke, canvas }) => {
        this.#update(documentId, (doc) => ({
          ...doc,
          liveStrokes: stroke === null ? [] : [...doc.liveStrokes, stroke],
          liveCanvas: canvas,
        }));
        callbacks.onStroke?.(documentId, stroke, canvas);
      }),
      documents.on('signatureSubmitted', ({ documentId, attempt, mediaTimeMs }) =>
        this.#update(documentId, (doc) => withAttempt(doc, { attempt, mediaTimeMs })),
      ),
      documents.on('signatureRedoRequested', ({ documentId, reason }) => {
        this.#update(documentId, (doc) => ({ ...doc, redoReason: reason, liveStrokes: [] }));
        callbacks.onRedoRequested?.(documentId);
      }),
      documents.on('signatureAttested', ({ documentId, attempt, signedDocumentSha256 }) =>
        this.#update(documentId, (doc) => ({ ...doc, attested: { attempt, signedDocumentSha256 } })),
      ),
      // After a reconnect the list may have grown without us.
      session.on('state', ({ state, previous }) => {
        if (state === 'connected' && previous === 'reconnecting') void this.load();
      }),
    );
  }

  /** The session's documents, oldest first. */
  get documents(): readonly SigningDocument[] {
    return [...this.#documents.values()];
  }

  /** The typed error code of the last refused call (shown as the elements' `error.<CODE>` text). */
  get errorCode(): string | undefined {
    return this.#errorCode;
  }

  /** A call is on its way: the page keeps its buttons from sending a second. */
  get busy(): boolean {
    return this.#busy;
  }

  /** The signature can be taken now: the server accepts one only while the recording runs. */
  get recordingActive(): boolean {
    return this.#session.recording.status.state === 'active';
  }

  /** Lists the session's documents and fetches each one not fetched yet. */
  async load(): Promise<void> {
    try {
      for (const info of await this.#session.documents.list()) await this.#add(info);
    } catch (error) {
      this.#errorCode = codeOf(error);
      this.#callbacks.onChange();
    }
  }

  reportPage(documentId: string, page: number, visibleMs: number): void {
    // A lost report is a lost measure, not a lost signature: the next one still counts.
    this.#session.documents.reportPage(documentId, page, visibleMs).catch(() => undefined);
  }

  /** Agent: whether page turns lead the customer ("follow me"); on by default. */
  get following(): boolean {
    return this.#following;
  }

  setFollowing(following: boolean): void {
    this.#following = following;
    // Leading again starts from the page the agent turns to next, even if it was led before.
    this.#lastLed.clear();
    this.#callbacks.onChange();
  }

  /** Agent: "follow me", once per page change. */
  leadPage(documentId: string, page: number): void {
    if (this.#lastLed.get(documentId) === page) return;
    this.#lastLed.set(documentId, page);
    this.#session.documents.leadPage(documentId, page).catch((error: unknown) => this.#refused(error));
  }

  async confirmRead(documentId: string, shortCode: string): Promise<void> {
    await this.#call(async () => {
      await this.#session.documents.confirmRead(documentId, shortCode);
      this.#update(documentId, (doc) => ({ ...doc, readConfirmed: true }));
    });
  }

  relayStroke(documentId: string, stroke: SignatureStroke | null, canvas: SignatureCanvas): void {
    // The agent's live view is a courtesy; the submitted signature is the record.
    this.#session.documents.relayStroke(documentId, stroke, canvas).catch(() => undefined);
  }

  /** Customer: submits the signature; true when the server kept it. */
  async submit(documentId: string, signature: SignatureStrokes): Promise<boolean> {
    return this.#call(async () => {
      const { attempt, mediaTimeMs } = await this.#session.documents.submitSignature(documentId, signature);
      this.#update(documentId, (doc) => withAttempt(doc, { attempt, mediaTimeMs }));
    });
  }

  async requestRedo(documentId: string, reason: string): Promise<boolean> {
    return this.#call(async () => {
      await this.#session.documents.requestRedo(documentId, reason);
      this.#update(documentId, (doc) => ({ ...doc, liveStrokes: [] }));
    });
  }

  async attest(documentId: string, attempt: number): Promise<boolean> {
    return this.#call(async () => {
      const { signedDocumentSha256 } = await this.#session.documents.attest(documentId, attempt);
      this.#update(documentId, (doc) => ({ ...doc, attested: { attempt, signedDocumentSha256 } }));
    });
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  async #add(info: DocumentInfo): Promise<void> {
    const known = this.#documents.get(info.documentId);
    if (known?.bytes) return;
    this.#documents.set(info.documentId, known ?? emptyDocument(info));
    this.#callbacks.onChange();
    try {
      const bytes = await this.#session.documents.fetch(info);
      this.#update(info.documentId, (doc) => ({ ...doc, bytes, loadErrorCode: undefined }));
    } catch (error) {
      this.#update(info.documentId, (doc) => ({ ...doc, loadErrorCode: codeOf(error) }));
    }
  }

  #update(documentId: string, change: (doc: SigningDocument) => SigningDocument): void {
    const doc = this.#documents.get(documentId);
    if (!doc) return;
    this.#documents.set(documentId, change(doc));
    this.#callbacks.onChange();
  }

  /** One call at a time; a refusal is kept as its code for the page to show. */
  async #call(run: () => Promise<void>): Promise<boolean> {
    if (this.#busy) return false;
    this.#busy = true;
    this.#errorCode = undefined;
    this.#callbacks.onChange();
    try {
      await run();
      return true;
    } catch (error) {
      this.#refused(error);
      return false;
    } finally {
      this.#busy = false;
      this.#callbacks.onChange();
    }
  }

  #refused(error: unknown): void {
    this.#errorCode = codeOf(error);
    this.#callbacks.onChange();
  }
}

/**
 * A kept attempt, once: the submitter hears of it twice (its own answer and
 * the notice every participant gets), in either order. A new attempt ends the
 * agent's request to sign again.
 */
function withAttempt(doc: SigningDocument, kept: SignatureAttempt): SigningDocument {
  return {
    ...doc,
    redoReason: undefined,
    attempts: doc.attempts.some((known) => known.attempt === kept.attempt) ? doc.attempts : [...doc.attempts, kept],
  };
}

function emptyDocument(info: DocumentInfo): SigningDocument {
  return {
    info,
    bytes: undefined,
    loadErrorCode: undefined,
    readConfirmed: false,
    attempts: [],
    redoReason: undefined,
    attested: undefined,
    liveStrokes: [],
    liveCanvas: undefined,
  };
}
