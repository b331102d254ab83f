import { MEDIA_SOURCES, ROLES } from '@aircounter/protocol';
import * as v from 'valibot';
import type { Queryable, Row } from './db.ts';
import { NullableText, parseRow, Timestamp } from './rows.ts';

/** How the customer's consent to the recording was given (restored when the recording resumes). */
export const IntentConsent = v.variant('kind', [
  v.object({ kind: v.literal('explicit'), peerId: v.string(), atUnixMs: v.number() }),
  v.object({ kind: v.literal('external') }),
]);
export type IntentConsent = v.InferOutput<typeof IntentConsent>;

/** A track that was being recorded when the server stopped, and when its last media was written. */
export const InterruptedTrack = v.object({
  peerId: v.string(),
  role: v.picklist(ROLES),
  source: v.picklist(MEDIA_SOURCES),
  lastMediaUnixMs: v.number(),
});
export type InterruptedTrack = v.InferOutput<typeof InterruptedTrack>;

/**
 * Why the running recording stopped without anyone asking: `server-shutdown`
 * (SIGTERM: the recorder finalized its files on the way down) or
 * `server-crashed` (SIGKILL, power loss: found and recovered at the next start).
 */
export const Interruption = v.object({
  kind: v.picklist(['server-shutdown', 'server-crashed']),
  atUnixMs: v.number(),
  tracks: v.array(InterruptedTrack),
});
export type Interruption = v.InferOutput<typeof Interruption>;

/** Why a recording is no longer wanted. */
export type IntentStopReason = 'stopped' | 'consent-declined' | 'consent-withdrawn' | 'session-ended' | 'failed';

export interface RecordingIntent {
  readonly sessionId: string;
  /** The session's recording should be running: true from a start until a stop, a refusal or the session's end. */
  readonly wanted: boolean;
  /** The recording (part) currently or last running. */
  readonly recordingId: string;
  /** 1 for the recording the agent started, +1 for each resume after a restart. */
  readonly part: number;
  readonly startedBy: string;
  readonly startedAtUnixMs: number;
  readonly consent: IntentConsent;
  /** Media time 0 of the session: the resumed recording stays on the same timeline. */
  readonly mediaOriginUnixMs: number;
  /** Set when the server stopped under the running recording; cleared by the resume. */
  readonly interruption: Interruption | undefined;
  readonly stoppedBy: string | undefined;
  readonly stopReason: IntentStopReason | undefined;
  readonly revision: number;
}

const IntentRow = v.object({
  session_id: v.string(),
  wanted: v.boolean(),
  recording_id: v.string(),
  part: v.number(),
  started_by: v.string(),
  started_at: Timestamp,
  consent: v.unknown(),
  media_origin_at: Timestamp,
  interruption: v.unknown(),
  stopped_by: NullableText,
  stop_reason: NullableText,
  revision: v.number(),
});

const STOP_REASONS: readonly string[] = ['stopped', 'consent-declined', 'consent-withdrawn', 'session-ended', 'failed'];

function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function parseJson<const S extends v.GenericSchema>(schema: S, value: unknown, column: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, json(value));
  if (!parsed.success) throw new Error(`unexpected row in recording_intents: ${column}: ${parsed.issues[0].message}`);
  return parsed.output;
}

function toIntent(row: Row): RecordingIntent {
  const r = parseRow(IntentRow, row, 'recording_intents');
  if (r.stop_reason !== null && !STOP_REASONS.includes(r.stop_reason)) {
    throw new Error(`unexpected row in recording_intents: stop_reason ${r.stop_reason}`);
  }
  return {
    sessionId: r.session_id,
    wanted: r.wanted,
    recordingId: r.recording_id,
    part: r.part,
    startedBy: r.started_by,
    startedAtUnixMs: r.started_at.getTime(),
    consent: parseJson(IntentConsent, r.consent, 'consent'),
    mediaOriginUnixMs: r.media_origin_at.getTime(),
    interruption: r.interruption === null ? undefined : parseJson(Interruption, r.interruption, 'interruption'),
    stoppedBy: r.stopped_by ?? undefined,
    stopReason: (r.stop_reason ?? undefined) as IntentStopReason | undefined,
    revision: r.revision,
  };
}

/**
 * Whether each session's recording is wanted, durably: a recording running
 * when the server stopped (SIGTERM or a crash) resumes after the restart, a
 * recording someone stopped does not. Every write is conditional (on the
 * recording it concerns, or on the revision it was computed from), so a
 * stale recorder or a second node acting at once changes nothing.
 */
export class RecordingIntentRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async get(sessionId: string): Promise<RecordingIntent | undefined> {
    const [row] = await this.#db.query('SELECT * FROM recording_intents WHERE session_id = $1', [sessionId]);
    return row === undefined ? undefined : toIntent(row);
  }

  /** Sessions whose recording is wanted (for start-up: which recordings a crash interrupted). */
  async listWanted(): Promise<RecordingIntent[]> {
    const rows = await this.#db.query('SELECT * FROM recording_intents WHERE wanted ORDER BY session_id');
    return rows.map(toIntent);
  }

  /** A recording was started on request: wanted from now, part 1 (replaces whatever an earlier recording left). */
  async started(input: {
    readonly sessionId: string;
    readonly recordingId: string;
    readonly startedBy: string;
    readonly startedAtUnixMs: number;
    readonly consent: IntentConsent;
    readonly mediaOriginUnixMs: number;
  }): Promise<RecordingIntent> {
    const [row] = await this.#db.query(
      `INSERT INTO recording_intents (session_id, wanted, recording_id, part, started_by, started_at, consent,
         media_origin_at, interruption, stopped_by, stop_reason, revision, updated_at)
       VALUES ($1, true, $2, 1, $3, $4, $5, $6, NULL, NULL, NULL, 1, $7)
       ON CONFLICT (session_id) DO UPDATE SET wanted = true, recording_id = $2, part = 1, started_by = $3,
         started_at = $4, consent = $5, media_origin_at = $6, interruption = NULL, stopped_by = NULL,
         stop_reason = NULL, revision = recording_intents.revision + 1, updated_at = $7
       RETURNING *`,
      [
        input.sessionId,
        input.recordingId,
        input.startedBy,
        new Date(input.startedAtUnixMs),
        JSON.stringify(input.consent),
        new Date(input.mediaOriginUnixMs),
        new Date(this.#now()),
      ],
    );
    if (row === undefined) throw new Error('recording intent not written');
    return toIntent(row);
  }

  /**
   * The server stopped under recording `recordingId`. Only the first
   * interruption is kept (the earliest instant media was last written), and
   * only while that recording is the wanted one; false otherwise.
   */
  async interrupted(sessionId: string, recordingId: string, interruption: Interruption): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE recording_intents SET interruption = $3, revision = revision + 1, updated_at = $4
       WHERE session_id = $1 AND recording_id = $2 AND wanted AND interruption IS NULL RETURNING session_id`,
      [sessionId, recordingId, JSON.stringify(v.parse(Interruption, interruption)), new Date(this.#now())],
    );
    return rows.length === 1;
  }

  /**
   * The recording resumed as `recordingId` (the next part), computed from
   * revision `from`: false when another write came first (a second node
   * resumed it, someone stopped it), and the caller must not record.
   */
  async resumed(sessionId: string, from: number, recordingId: string): Promise<RecordingIntent | undefined> {
    const [row] = await this.#db.query(
      `UPDATE recording_intents SET recording_id = $3, part = part + 1, interruption = NULL,
         revision = revision + 1, updated_at = $4
       WHERE session_id = $1 AND revision = $2 AND wanted RETURNING *`,
      [sessionId, from, recordingId, new Date(this.#now())],
    );
    return row === undefined ? undefined : toIntent(row);
  }

  /**
   * The recording is no longer wanted (stopped by `stoppedBy`, refused, the
   * session ended). With `recordingId`, only if that recording is the current
   * one (a recorder never stops a newer recording); without it, whatever runs
   * (a refusal of consent stops any recording to come).
   */
  async stopped(
    sessionId: string,
    reason: IntentStopReason,
    options: { readonly recordingId?: string; readonly stoppedBy?: string } = {},
  ): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE recording_intents SET wanted = false, stop_reason = $2, stopped_by = $3, interruption = NULL,
         revision = revision + 1, updated_at = $4
       WHERE session_id = $1 AND wanted AND ($5::text IS NULL OR recording_id = $5) RETURNING session_id`,
      [sessionId, reason, options.stoppedBy ?? null, new Date(this.#now()), options.recordingId ?? null],
    );
    return rows.length === 1;
  }
}
