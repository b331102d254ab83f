import * as v from 'valibot';
import type { Queryable } from './db.ts';
import { parseRow } from './rows.ts';

import type { IdPhotoReference, IdPhotoStore } from '../liveness/ports.ts';

const IdPhotoRow = v.object({ sha256: v.string(), descriptor: v.array(v.number()) });

/** One ID photo reference per session, deleted with the session. */
export class IdPhotoRepository implements IdPhotoStore {
  readonly #db: Queryable;
  readonly #now: () => number;

  constructor(db: Queryable, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Sets (or replaces) the session's reference. */
  async put(sessionId: string, reference: IdPhotoReference): Promise<void> {
    await this.#db.query(
      `INSERT INTO id_photos (session_id, sha256, descriptor, set_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id) DO UPDATE SET sha256 = excluded.sha256, descriptor = excluded.descriptor,
         set_at = excluded.set_at`,
      [sessionId, reference.sha256, [...reference.descriptor], new Date(this.#now())],
    );
  }

  async get(sessionId: string): Promise<IdPhotoReference | undefined> {
    const [row] = await this.#db.query('SELECT sha256, descriptor FROM id_photos WHERE session_id = $1', [sessionId]);
    if (!row) return undefined;
    const r = parseRow(IdPhotoRow, row, 'id_photos');
    return { sha256: r.sha256, descriptor: Float32Array.from(r.descriptor) };
  }

  async delete(sessionId: string): Promise<void> {
    await this.#db.query('DELETE FROM id_photos WHERE session_id = $1', [sessionId]);
  }
}
