import * as v from 'valibot';
import type { Queryable } from './db.ts';
import { parseRow } from './rows.ts';

const DefinitionRow = v.object({ sha256: v.string(), definition: v.string() });
const CountRow = v.object({ count: v.union([v.number(), v.string(), v.bigint()]) });

/** A registered definition: its canonical JSON and that text's SHA-256. */
export interface StoredJourneyDefinition {
  readonly sha256: string;
  /** Canonical JSON of the definition with its defaults applied. */
  readonly json: string;
}

/**
 * Journey definitions registered by the bank, immutable per (id, version):
 * registering the same version again with other content is refused, with the
 * same content it is a no-op, so a retried registration is safe.
 */
export class JourneyDefinitionRepository {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Registers a version. `created` is false when it existed already; the
   * stored definition is returned either way (compare its hash to detect a conflict).
   */
  async register(
    id: string,
    version: number,
    definition: StoredJourneyDefinition,
  ): Promise<{ created: boolean; stored: StoredJourneyDefinition }> {
    const inserted = await this.#db.query(
      `INSERT INTO journey_definitions (journey_id, version, sha256, definition, registered_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (journey_id, version) DO NOTHING RETURNING sha256`,
      [id, version, definition.sha256, definition.json, new Date(this.#now())],
    );
    if (inserted.length === 1) return { created: true, stored: definition };
    const stored = await this.get(id, version);
    if (stored === undefined) throw new Error(`journey definition ${id}@${version} vanished while registering`);
    return { created: false, stored };
  }

  async get(id: string, version: number): Promise<StoredJourneyDefinition | undefined> {
    const [row] = await this.#db.query(
      'SELECT sha256, definition FROM journey_definitions WHERE journey_id = $1 AND version = $2',
      [id, version],
    );
    if (!row) return undefined;
    const r = parseRow(DefinitionRow, row, 'journey_definitions');
    return { sha256: r.sha256, json: r.definition };
  }

  /** How many versions are registered (all journeys): bounded by `AIR_JOURNEY_MAX_DEFINITIONS`. */
  async count(): Promise<number> {
    const [row] = await this.#db.query('SELECT count(*) AS count FROM journey_definitions');
    return row === undefined ? 0 : Number(parseRow(CountRow, row, 'journey_definitions').count);
  }
}
