import { JourneyState } from '@aircounter/journeys';
import * as v from 'valibot';
import type { Queryable } from './db.ts';
import { parseRow } from './rows.ts';

const StateRow = v.object({ state: v.unknown() });

/**
 * Each session's journey position (one row per session with a journey). The
 * engine's state is stored whole; `revision` makes every write conditional on
 * the state it was computed from, so two nodes (or two requests) acting at
 * once cannot overwrite each other: the second write finds nothing to update.
 */
export class SessionJourneyRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Creates the session's journey; false when it already has one. */
  async create(sessionId: string, state: JourneyState): Promise<boolean> {
    const rows = await this.#db.query(
      `INSERT INTO session_journeys (session_id, journey_id, version, state, revision, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (session_id) DO NOTHING RETURNING session_id`,
      [
        sessionId,
        state.journey.id,
        state.journey.version,
        JSON.stringify(state),
        state.revision,
        new Date(this.#now()),
      ],
    );
    return rows.length === 1;
  }

  async get(sessionId: string): Promise<JourneyState | undefined> {
    const [row] = await this.#db.query('SELECT state FROM session_journeys WHERE session_id = $1', [sessionId]);
    if (!row) return undefined;
    const { state } = parseRow(StateRow, row, 'session_journeys');
    const parsed = v.safeParse(JourneyState, typeof state === 'string' ? JSON.parse(state) : state);
    if (!parsed.success) throw new Error(`unexpected row in session_journeys: ${parsed.issues[0].message}`);
    return parsed.output;
  }

  /** Replaces the state computed from revision `from`; false when another write came first. */
  async update(sessionId: string, from: number, state: JourneyState): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE session_journeys SET state = $3, revision = $4, updated_at = $5
       WHERE session_id = $1 AND revision = $2 RETURNING session_id`,
      [sessionId, from, JSON.stringify(state), state.revision, new Date(this.#now())],
    );
    return rows.length === 1;
  }
}
