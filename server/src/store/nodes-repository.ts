import { AirError } from '@aircounter/protocol';
import * as v from 'valibot';
import type { Db } from './db.ts';
import { NullableTimestamp, parseRow, Timestamp } from './rows.ts';
import { SessionRepository, type Session } from './sessions-repository.ts';

/** Any fixed number: the key of the advisory lock that serializes placements (capacity is checked under it). */
const PLACEMENT_LOCK_KEY = 7_310_420_002;

export interface NodeRecord {
  readonly id: string;
  /** The base URL clients reach this node at (its signaling endpoint is `<url>/signaling`). */
  readonly url: string;
  /** Sessions it may host at once (0: REST only). */
  readonly capacity: number;
  readonly startedAt: number;
  readonly heartbeatAt: number;
  readonly leftAt: number | undefined;
  /** Heartbeat within the dead-after time and not left. */
  readonly alive: boolean;
  /** Open sessions placed on it. */
  readonly load: number;
}

const NodeRow = v.object({
  id: v.string(),
  url: v.string(),
  capacity: v.number(),
  started_at: Timestamp,
  heartbeat_at: Timestamp,
  left_at: NullableTimestamp,
  alive: v.boolean(),
  load: v.union([v.number(), v.string()]),
});

function toNode(row: Readonly<Record<string, unknown>>): NodeRecord {
  const r = parseRow(NodeRow, row, 'air_nodes');
  return {
    id: r.id,
    url: r.url,
    capacity: r.capacity,
    startedAt: r.started_at.getTime(),
    heartbeatAt: r.heartbeat_at.getTime(),
    leftAt: r.left_at === null ? undefined : r.left_at.getTime(),
    alive: r.alive,
    load: Number(r.load),
  };
}

// Liveness on the database's clock: $1 is the dead-after time in ms.
const SELECT_NODES = `
  SELECT n.id, n.url, n.capacity, n.started_at, n.heartbeat_at, n.left_at,
    (n.left_at IS NULL AND n.heartbeat_at > now() - $1::double precision * interval '1 millisecond') AS alive,
    (SELECT count(*) FROM sessions s WHERE s.node_id = n.id AND s.status <> 'ended') AS load
  FROM air_nodes n`;

/**
 * The nodes sharing this database and where sessions run. A node registers
 * when it starts listening, beats while it runs and leaves on a graceful stop;
 * one whose heartbeat is older than the dead-after time is dead. Placement
 * picks the least loaded live node with room (load ÷ capacity, then the most
 * free seats, then the id) under an advisory lock, so two placements never
 * both take a node's last seat.
 */
export class NodeRepository {
  readonly #db: Db;
  readonly #now: () => number;

  constructor(db: Db, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /** Registers (or re-registers after a restart) a node as alive now. */
  async register(node: { id: string; url: string; capacity: number }): Promise<void> {
    await this.#db.query(
      `INSERT INTO air_nodes (id, url, capacity, started_at, heartbeat_at) VALUES ($1, $2, $3, now(), now())
       ON CONFLICT (id) DO UPDATE SET url = excluded.url, capacity = excluded.capacity,
         started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, left_at = NULL`,
      [node.id, node.url, node.capacity],
    );
  }

  /** Records a heartbeat; false when the node is not registered or has left (it must register again). */
  async heartbeat(id: string): Promise<boolean> {
    const rows = await this.#db.query(
      'UPDATE air_nodes SET heartbeat_at = now() WHERE id = $1 AND left_at IS NULL RETURNING id',
      [id],
    );
    return rows.length === 1;
  }

  /** A clean leave (graceful shutdown): the node is dead at once, its sessions move when their clients return. */
  async leave(id: string): Promise<void> {
    await this.#db.query('UPDATE air_nodes SET left_at = now() WHERE id = $1', [id]);
  }

  async get(id: string, deadAfterMs: number): Promise<NodeRecord | undefined> {
    const [row] = await this.#db.query(`${SELECT_NODES} WHERE n.id = $2`, [deadAfterMs, id]);
    return row ? toNode(row) : undefined;
  }

  /** Every registered node, live or not, by id. */
  async list(deadAfterMs: number): Promise<NodeRecord[]> {
    return (await this.#db.query(`${SELECT_NODES} ORDER BY n.id`, [deadAfterMs])).map(toNode);
  }

  /** Ids of the live nodes. */
  async liveIds(deadAfterMs: number): Promise<string[]> {
    const rows = await this.#db.query(
      `SELECT id FROM air_nodes
       WHERE left_at IS NULL AND heartbeat_at > now() - $1::double precision * interval '1 millisecond'`,
      [deadAfterMs],
    );
    return rows.map((row) => String(row['id']));
  }

  /** Creates a session on the least loaded live node with room; NODES_FULL when there is none. */
  async placeNew(
    details: { id: string; reference?: string | undefined; agentId?: string | undefined },
    deadAfterMs: number,
  ): Promise<{ session: Session; node: NodeRecord }> {
    return this.#db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PLACEMENT_LOCK_KEY]);
      const node = await this.#pick(tx, deadAfterMs);
      const session = await new SessionRepository(tx, this.#now).create({ ...details, nodeId: node.id });
      return { session, node };
    });
  }

  /**
   * Moves an open session away from its node (dead, or never placed) to the
   * least loaded live node with room. Undefined when another node moved it
   * first (read the session again); NODES_FULL when no node has room.
   */
  async placeAgain(
    sessionId: string,
    from: string | undefined,
    deadAfterMs: number,
  ): Promise<{ session: Session; node: NodeRecord } | undefined> {
    return this.#db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PLACEMENT_LOCK_KEY]);
      const node = await this.#pick(tx, deadAfterMs);
      const session = await new SessionRepository(tx, this.#now).moveToNode(sessionId, from, node.id);
      return session ? { session, node } : undefined;
    });
  }

  async #pick(tx: Pick<Db, 'query'>, deadAfterMs: number): Promise<NodeRecord> {
    const [row] = await tx.query(
      `SELECT * FROM (${SELECT_NODES}) nodes
       WHERE alive AND load < capacity
       ORDER BY load::double precision / capacity, capacity - load DESC, id
       LIMIT 1`,
      [deadAfterMs],
    );
    if (!row) throw new AirError('NODES_FULL', 'every live node hosts as many sessions as its capacity allows');
    return toNode(row);
  }
}
