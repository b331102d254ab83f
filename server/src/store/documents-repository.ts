import * as v from 'valibot';
import type { Queryable } from './db.ts';
import { NullableText, NullableTimestamp, parseRow, Timestamp } from './rows.ts';

/** Where the bank wants the handwritten signature: a rectangle on a page, PDF points from its lower-left corner. */
export interface DocumentField {
  /** 1-based. */
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SessionDocument {
  readonly sessionId: string;
  readonly documentId: string;
  readonly title: string;
  /** SHA-256 of the `document` artifact (the PDF as uploaded). */
  readonly sha256: string;
  readonly bytes: number;
  readonly pages: number;
  /** Where the signature goes; undefined for a document the customer only reads (it takes no signature). */
  readonly field: DocumentField | undefined;
  readonly addedAt: number;
  /** When the customer confirmed having read it; undefined before. */
  readonly readConfirmedAt: number | undefined;
}

export interface SignatureAttempt {
  readonly documentId: string;
  /** 1, 2, … per document in the order received. */
  readonly attempt: number;
  readonly attemptId: string;
  readonly peerId: string;
  readonly strokesSha256: string;
  readonly imageSha256: string;
  readonly mediaTimeMs: number | null;
  readonly submittedAt: number;
  readonly attestedBy: string | undefined;
  readonly signedSha256: string | undefined;
}

export type NewSignatureAttempt = Omit<SignatureAttempt, 'attempt' | 'submittedAt' | 'attestedBy' | 'signedSha256'>;

const DocumentRow = v.object({
  session_id: v.string(),
  document_id: v.string(),
  title: v.string(),
  sha256: v.string(),
  bytes: v.number(),
  pages: v.number(),
  field_page: v.nullable(v.number()),
  field_x: v.nullable(v.number()),
  field_y: v.nullable(v.number()),
  field_width: v.nullable(v.number()),
  field_height: v.nullable(v.number()),
  added_at: Timestamp,
  read_confirmed_at: NullableTimestamp,
});

const AttemptRow = v.object({
  document_id: v.string(),
  attempt: v.number(),
  attempt_id: v.string(),
  peer_id: v.string(),
  strokes_sha256: v.string(),
  image_sha256: v.string(),
  // bigint: node-postgres returns it as text, PGlite as a number.
  media_time_ms: v.nullable(v.union([v.number(), v.pipe(v.string(), v.toNumber())])),
  submitted_at: Timestamp,
  attested_by: NullableText,
  signed_sha256: NullableText,
});

const DOCUMENT_COLUMNS = `session_id, document_id, title, sha256, bytes, pages, field_page, field_x, field_y,
  field_width, field_height, added_at, read_confirmed_at`;
const ATTEMPT_COLUMNS = `document_id, attempt, attempt_id, peer_id, strokes_sha256, image_sha256, media_time_ms,
  submitted_at, attested_by, signed_sha256`;

function toDocument(row: v.InferOutput<typeof DocumentRow>): SessionDocument {
  const { field_page: page, field_x: x, field_y: y, field_width: width, field_height: height } = row;
  // The table's check keeps the field whole or absent.
  const field =
    page === null || x === null || y === null || width === null || height === null
      ? undefined
      : { page, x, y, width, height };
  return {
    sessionId: row.session_id,
    documentId: row.document_id,
    title: row.title,
    sha256: row.sha256,
    bytes: row.bytes,
    pages: row.pages,
    field,
    addedAt: row.added_at.getTime(),
    readConfirmedAt: row.read_confirmed_at?.getTime(),
  };
}

function toAttempt(row: v.InferOutput<typeof AttemptRow>): SignatureAttempt {
  return {
    documentId: row.document_id,
    attempt: row.attempt,
    attemptId: row.attempt_id,
    peerId: row.peer_id,
    strokesSha256: row.strokes_sha256,
    imageSha256: row.image_sha256,
    mediaTimeMs: row.media_time_ms,
    submittedAt: row.submitted_at.getTime(),
    attestedBy: row.attested_by ?? undefined,
    signedSha256: row.signed_sha256 ?? undefined,
  };
}

/**
 * The documents a session's customer is asked to read or sign and every signature
 * attempt on them (deleted with the session; the evidence keeps the files).
 */
export class DocumentRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Adds a document unless the session already has `maxPerSession` (false
   * then). A document id used before is refused by the primary key.
   */
  async add(
    document: Omit<SessionDocument, 'addedAt' | 'readConfirmedAt'>,
    maxPerSession: number,
  ): Promise<SessionDocument | undefined> {
    const { field } = document;
    // One statement: the count and the insert cannot be split by a concurrent upload.
    const rows = await this.#db.query(
      `INSERT INTO session_documents (session_id, document_id, title, sha256, bytes, pages, field_page, field_x,
         field_y, field_width, field_height, added_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
       WHERE (SELECT count(*) FROM session_documents WHERE session_id = $1) < $13
       RETURNING ${DOCUMENT_COLUMNS}`,
      [
        document.sessionId,
        document.documentId,
        document.title,
        document.sha256,
        document.bytes,
        document.pages,
        field?.page ?? null,
        field?.x ?? null,
        field?.y ?? null,
        field?.width ?? null,
        field?.height ?? null,
        new Date(this.#now()),
        maxPerSession,
      ],
    );
    const [row] = rows;
    return row ? toDocument(parseRow(DocumentRow, row, 'session_documents')) : undefined;
  }

  async get(sessionId: string, documentId: string): Promise<SessionDocument | undefined> {
    const [row] = await this.#db.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM session_documents WHERE session_id = $1 AND document_id = $2`,
      [sessionId, documentId],
    );
    return row ? toDocument(parseRow(DocumentRow, row, 'session_documents')) : undefined;
  }

  async list(sessionId: string): Promise<SessionDocument[]> {
    const rows = await this.#db.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM session_documents WHERE session_id = $1 ORDER BY added_at, document_id`,
      [sessionId],
    );
    return rows.map((row) => toDocument(parseRow(DocumentRow, row, 'session_documents')));
  }

  /** Counts one page report; false once the document has had `max` of them. */
  async countPageReport(sessionId: string, documentId: string, max: number): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE session_documents SET page_reports = page_reports + 1
       WHERE session_id = $1 AND document_id = $2 AND page_reports < $3 RETURNING page_reports`,
      [sessionId, documentId, max],
    );
    return rows.length === 1;
  }

  /** Records the customer's confirmation (the first one counts). */
  async confirmRead(sessionId: string, documentId: string, peerId: string): Promise<void> {
    await this.#db.query(
      `UPDATE session_documents SET read_confirmed_at = $3, read_confirmed_by = $4
       WHERE session_id = $1 AND document_id = $2 AND read_confirmed_at IS NULL`,
      [sessionId, documentId, new Date(this.#now()), peerId],
    );
  }

  /** Whether this attempt id was seen in the session (a replayed submission). */
  async attemptIdUsed(sessionId: string, attemptId: string): Promise<boolean> {
    const rows = await this.#db.query('SELECT 1 FROM signature_attempts WHERE session_id = $1 AND attempt_id = $2', [
      sessionId,
      attemptId,
    ]);
    return rows.length > 0;
  }

  async attemptCount(sessionId: string, documentId: string): Promise<number> {
    const [row] = await this.#db.query(
      'SELECT count(*)::integer AS n FROM signature_attempts WHERE session_id = $1 AND document_id = $2',
      [sessionId, documentId],
    );
    return Number(row?.['n'] ?? 0);
  }

  /**
   * Records an attempt with the next number for its document. Undefined when
   * its attempt id was already used (a replay that raced the first one), or
   * when the document already has `maxAttempts`.
   */
  async addAttempt(
    sessionId: string,
    attempt: NewSignatureAttempt,
    maxAttempts: number,
  ): Promise<SignatureAttempt | undefined> {
    const rows = await this.#db.query(
      `INSERT INTO signature_attempts (session_id, document_id, attempt, attempt_id, peer_id, strokes_sha256,
         image_sha256, media_time_ms, submitted_at)
       SELECT $1, $2, coalesce(max(attempt), 0) + 1, $3, $4, $5, $6, $7, $8
         FROM signature_attempts WHERE session_id = $1 AND document_id = $2
       HAVING count(*) < $9
       ON CONFLICT DO NOTHING
       RETURNING ${ATTEMPT_COLUMNS}`,
      [
        sessionId,
        attempt.documentId,
        attempt.attemptId,
        attempt.peerId,
        attempt.strokesSha256,
        attempt.imageSha256,
        attempt.mediaTimeMs,
        new Date(this.#now()),
        maxAttempts,
      ],
    );
    const [row] = rows;
    return row ? toAttempt(parseRow(AttemptRow, row, 'signature_attempts')) : undefined;
  }

  async getAttempt(sessionId: string, documentId: string, attempt: number): Promise<SignatureAttempt | undefined> {
    const [row] = await this.#db.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM signature_attempts WHERE session_id = $1 AND document_id = $2 AND attempt = $3`,
      [sessionId, documentId, attempt],
    );
    return row ? toAttempt(parseRow(AttemptRow, row, 'signature_attempts')) : undefined;
  }

  /** Sets the attempt's signing media time (from its evidence entry). */
  async setAttemptMediaTime(
    sessionId: string,
    documentId: string,
    attempt: number,
    mediaTimeMs: number | null,
  ): Promise<void> {
    await this.#db.query(
      'UPDATE signature_attempts SET media_time_ms = $4 WHERE session_id = $1 AND document_id = $2 AND attempt = $3',
      [sessionId, documentId, attempt, mediaTimeMs],
    );
  }

  /** Marks the attempt attested by `peerId`, with the signed PDF's hash when one was made. */
  async markAttested(
    sessionId: string,
    documentId: string,
    attempt: number,
    peerId: string,
    signedSha256: string | undefined,
  ): Promise<void> {
    await this.#db.query(
      `UPDATE signature_attempts SET attested_by = $4, attested_at = $5, signed_sha256 = $6
       WHERE session_id = $1 AND document_id = $2 AND attempt = $3`,
      [sessionId, documentId, attempt, peerId, new Date(this.#now()), signedSha256 ?? null],
    );
  }
}
