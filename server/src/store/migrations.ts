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
    version: 2,
    name: 'webhook outbox',
    statements: [
      // One row per event to deliver to the bank. \`body\` is the exact JSON sent (signed on each attempt);
      // \`sequence\` orders a session's events (its evidence entry's seq). Delivered rows are pruned after retention.
      `CREATE TABLE webhook_outbox (
        id text PRIMARY KEY,
        session_id text NOT NULL,
        sequence integer NOT NULL,
        type text NOT NULL,
        body text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        lease_owner text,
        lease_until timestamptz,
        last_status integer,
        last_error text,
        delivered_at timestamptz,
        dead_at timestamptz,
        UNIQUE (session_id, sequence)
      )`,
      `CREATE INDEX webhook_outbox_pending ON webhook_outbox (session_id, sequence) WHERE state = 'pending'`,
      `CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE state = 'pending'`,
      `CREATE INDEX webhook_outbox_dead ON webhook_outbox (dead_at, id) WHERE state = 'dead'`,
      `CREATE INDEX webhook_outbox_delivered ON webhook_outbox (delivered_at) WHERE state = 'delivered'`,
    ],
  },
  {
    version: 3,
    name: 'journey definitions and session journeys',
    statements: [
      // The definition's canonical JSON is kept as text: its SHA-256 (on the evidence chain) is of these bytes.
      `CREATE TABLE journey_definitions (
        journey_id text NOT NULL,
        version integer NOT NULL,
        sha256 text NOT NULL,
        definition text NOT NULL,
        registered_at timestamptz NOT NULL,
        PRIMARY KEY (journey_id, version)
      )`,
      `CREATE TABLE session_journeys (
        session_id text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        journey_id text NOT NULL,
        version integer NOT NULL,
        state jsonb NOT NULL,
        revision integer NOT NULL,
        updated_at timestamptz NOT NULL,
        FOREIGN KEY (journey_id, version) REFERENCES journey_definitions (journey_id, version)
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
  {
    version: 5,
    name: 'remote authorization: rule sets, authorizers, requests, assignments, votes',
    statements: [
      `CREATE TABLE authorization_rule_sets (
        version integer PRIMARY KEY,
        routing text NOT NULL CHECK (routing IN ('random', 'least-loaded')),
        rules text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      `CREATE TABLE authorizers (
        authorizer_id text PRIMARY KEY,
        display_name text NOT NULL,
        level integer NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`,
      `CREATE TABLE authorization_requests (
        id text PRIMARY KEY,
        session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        requested_by text NOT NULL,
        operation_type text NOT NULL,
        amount bigint NOT NULL,
        currency text NOT NULL,
        reason text NOT NULL,
        note text NOT NULL,
        attachments text NOT NULL,
        rules_version integer NOT NULL,
        level integer NOT NULL,
        approvals integer NOT NULL,
        sla_seconds integer NOT NULL,
        escalation_level integer,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'expired', 'cancelled')),
        created_at timestamptz NOT NULL,
        deadline_at timestamptz NOT NULL,
        closed_at timestamptz,
        CHECK ((status = 'pending') = (closed_at IS NULL))
      )`,
      `CREATE INDEX authorization_requests_due ON authorization_requests (deadline_at) WHERE status = 'pending'`,
      `CREATE INDEX authorization_requests_session ON authorization_requests (session_id)`,
      `CREATE TABLE authorization_assignments (
        request_id text NOT NULL REFERENCES authorization_requests (id) ON DELETE CASCADE,
        authorizer_id text NOT NULL,
        level integer NOT NULL,
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (request_id, authorizer_id)
      )`,
      `CREATE INDEX authorization_assignments_authorizer ON authorization_assignments (authorizer_id)`,
      `CREATE TABLE authorization_votes (
        request_id text NOT NULL REFERENCES authorization_requests (id) ON DELETE CASCADE,
        authorizer_id text NOT NULL,
        display_name text NOT NULL,
        level integer NOT NULL,
        decision text NOT NULL CHECK (decision IN ('approve', 'decline')),
        reason_code text NOT NULL,
        comment text NOT NULL,
        decided_at timestamptz NOT NULL,
        decision_sha256 text NOT NULL,
        PRIMARY KEY (request_id, authorizer_id)
      )`,
    ],
  },
  {
    version: 6,
    name: 'documents to read only: the signature field becomes optional',
    statements: [
      `ALTER TABLE session_documents
        ALTER COLUMN field_page DROP NOT NULL,
        ALTER COLUMN field_x DROP NOT NULL,
        ALTER COLUMN field_y DROP NOT NULL,
        ALTER COLUMN field_width DROP NOT NULL,
        ALTER COLUMN field_height DROP NOT NULL`,
      // A field is whole or absent: half a rectangle would be stamped nowhere.
      `ALTER TABLE session_documents ADD CONSTRAINT session_documents_field_whole CHECK (
        (field_page IS NULL) = (field_x IS NULL) AND (field_page IS NULL) = (field_y IS NULL)
        AND (field_page IS NULL) = (field_width IS NULL) AND (field_page IS NULL) = (field_height IS NULL)
      )`,
    ],
  },
  {
    version: 7,
    name: 'evidence package index: what the auditor API lists and filters',
    statements: [
      // One row per evidence package, written when its log opens and again when it is sealed; the package
      // itself stays the record (the index is rebuilt from the packages when rows are missing). Never pruned.
      `CREATE TABLE evidence_packages (
        session_id text PRIMARY KEY,
        created_at timestamptz NOT NULL,
        finalized_at timestamptz,
        status text NOT NULL CHECK (status IN ('open', 'complete', 'incomplete', 'not-recorded')),
        incomplete_reason text,
        agent_id text,
        reference text
      )`,
      // Newest first with the session id as tie-breaker: the auditor list's order and its keyset cursor.
      'CREATE INDEX evidence_packages_newest ON evidence_packages (created_at DESC, session_id)',
      'CREATE INDEX evidence_packages_agent ON evidence_packages (agent_id, created_at DESC, session_id)',
      "CREATE INDEX evidence_packages_open ON evidence_packages (session_id) WHERE status = 'open'",
    ],
  },
  {
    version: 8,
    name: 'recording intents: a recording that was running resumes after a restart',
    statements: [
      // One row per session whose recording was ever started: whether it is still wanted, what the resumed
      // recorder needs to go on truthfully (consent, the session's media origin, who started it), and the
      // interruption a stop or crash of the server left (what the gap of the resumed recording starts from).
      `CREATE TABLE recording_intents (
        session_id text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        wanted boolean NOT NULL,
        recording_id text NOT NULL,
        part integer NOT NULL CHECK (part >= 1),
        started_by text NOT NULL,
        started_at timestamptz NOT NULL,
        consent jsonb NOT NULL,
        media_origin_at timestamptz NOT NULL,
        interruption jsonb,
        stopped_by text,
        stop_reason text,
        revision integer NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (wanted OR stop_reason IS NOT NULL)
      )`,
      'CREATE INDEX recording_intents_wanted ON recording_intents (session_id) WHERE wanted',
    ],
  },
  {
    version: 9,
    name: 'several nodes: node registry, each session on one node, who handled its end',
    statements: [
      // One row per server process sharing this database. Liveness is judged on the database's clock
      // (heartbeat_at = now()), so the nodes' own clocks never decide whether a node is dead.
      `CREATE TABLE air_nodes (
        id text PRIMARY KEY,
        url text NOT NULL,
        capacity integer NOT NULL CHECK (capacity >= 0),
        started_at timestamptz NOT NULL,
        heartbeat_at timestamptz NOT NULL,
        left_at timestamptz
      )`,
      // node_id: the node whose media server hosts the session (NULL: a single node, or not placed).
      // ended_by: the node that ended it; end_handled_by: the node that closed its room and sealed its package
      // (NULL while the owner has not picked the end up yet).
      'ALTER TABLE sessions ADD COLUMN node_id text, ADD COLUMN ended_by text, ADD COLUMN end_handled_by text',
      // Sessions that ended before this version were handled by the node that ended them.
      "UPDATE sessions SET end_handled_by = 'before-nodes' WHERE status = 'ended'",
      "CREATE INDEX sessions_node_open ON sessions (node_id) WHERE status <> 'ended'",
      "CREATE INDEX sessions_end_unhandled ON sessions (node_id) WHERE status = 'ended' AND end_handled_by IS NULL",
    ],
  },
];
