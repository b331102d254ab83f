/**
 * The schema's history, oldest first: one entry per version, applied in order
 * at start-up (migrate.ts) and never edited once released — a change is a new
 * entry. Statements run one by one in the migration's transaction. Write
 * PostgreSQL 15 that PGlite runs too (no extensions).
 *
 * To add a table: append `{ version: <next>, name, statements: ['CREATE TABLE …'] }`,
 * then a repository module beside the others (one per aggregate) and a field
 * in `Store` (store.ts).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, participants, used join tokens, ID photos, evidence seals',
    statements: [
      `CREATE TABLE sessions (
        id text PRIMARY KEY,
        reference text,
        agent_id text,
        status text NOT NULL CHECK (status IN ('created', 'active', 'ended')),
        created_at timestamptz NOT NULL,
        activated_at timestamptz,
        ended_at timestamptz,
        end_reason text,
        CHECK ((status = 'ended') = (ended_at IS NOT NULL))
      )`,
      `CREATE INDEX sessions_open ON sessions (created_at) WHERE status <> 'ended'`,
      `CREATE INDEX sessions_ended_at ON sessions (ended_at) WHERE status = 'ended'`,
      `CREATE TABLE session_participants (
        session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        peer_id text NOT NULL,
        role text NOT NULL,
        display_name text NOT NULL,
        first_joined_at timestamptz NOT NULL,
        last_joined_at timestamptz NOT NULL,
        joins integer NOT NULL DEFAULT 1,
        PRIMARY KEY (session_id, peer_id)
      )`,
      `CREATE TABLE used_join_tokens (
        jti text PRIMARY KEY,
        session_id text NOT NULL,
        peer_id text NOT NULL,
        used_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`,
      `CREATE INDEX used_join_tokens_expires_at ON used_join_tokens (expires_at)`,
      `CREATE TABLE id_photos (
        session_id text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        sha256 text NOT NULL,
        descriptor real[] NOT NULL,
        set_at timestamptz NOT NULL
      )`,
      `CREATE TABLE evidence_seals (
        session_id text PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('sealing', 'sealed')),
        owner text NOT NULL,
        claimed_at timestamptz NOT NULL,
        sealed_at timestamptz,
        complete boolean,
        reason text
      )`,
    ],
  },
  {
    version: 4,
    name: 'documents to sign and signature attempts',
    statements: [
      `CREATE TABLE session_documents (
        session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        document_id text NOT NULL,
        title text NOT NULL,
        sha256 text NOT NULL,
        bytes integer NOT NULL,
        pages integer NOT NULL,
        field_page integer NOT NULL,
        field_x real NOT NULL,
        field_y real NOT NULL,
        field_width real NOT NULL,
        field_height real NOT NULL,
        added_at timestamptz NOT NULL,
        read_confirmed_at timestamptz,
        read_confirmed_by text,
        page_reports integer NOT NULL DEFAULT 0,
        PRIMARY KEY (session_id, document_id)
      )`,
      `CREATE TABLE signature_attempts (
        session_id text NOT NULL,
        document_id text NOT NULL,
        attempt integer NOT NULL,
        attempt_id text NOT NULL,
        peer_id text NOT NULL,
        strokes_sha256 text NOT NULL,
        image_sha256 text NOT NULL,
        media_time_ms bigint,
        submitted_at timestamptz NOT NULL,
        attested_by text,
        attested_at timestamptz,
        signed_sha256 text,
        PRIMARY KEY (session_id, document_id, attempt),
        UNIQUE (session_id, attempt_id),
        FOREIGN KEY (session_id, document_id) REFERENCES session_documents (session_id, document_id) ON DELETE CASCADE
      )`,
    ],
  },
];
