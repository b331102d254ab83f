import { MIN_API_KEY_LENGTH, MIN_SECRET_BYTES, type ENV_SCHEMA } from './config.ts';

// What each AIR_* variable means, beside the schema that checks it. The table
// is typed against ENV_SCHEMA, so adding a variable without describing it (or
// describing one that no longer exists) fails the type check. Defaults and
// bounds are not repeated here: docs/configuration.md reads them from the
// schema (config-docs.ts), so the page cannot disagree with what loadConfig does.

export type ConfigVariable = keyof typeof ENV_SCHEMA.entries;

/** Sections of docs/configuration.md, in page order. */
export const CONFIG_GROUPS = [
  'HTTP and REST',
  'Tokens',
  'Media',
  'Signaling',
  'Sessions',
  'Storage',
  'Several nodes',
  'Evidence',
  'Evidence on S3',
  'Recording',
  'Liveness',
  'Journeys',
  'Remote authorization',
  'Signing',
  'Speech',
  'Webhooks',
  'Metrics',
  'STUN and TURN',
  'Process',
] as const;
export type ConfigGroup = (typeof CONFIG_GROUPS)[number];

export type ConfigUnit = 's' | 'ms' | 'bytes' | 'bit/s' | 'px' | '%' | 'words/min' | 'characters';

export interface VariableReference {
  readonly group: ConfigGroup;
  /** One or two factual sentences: what the value controls and what happens at its limit. */
  readonly description: string;
  /** Credential material: never printed, neither in logs nor in the start-up summary. */
  readonly secret?: true;
  readonly unit?: ConfigUnit;
  /**
   * What the server does when the variable is unset, for variables whose
   * default is computed at start-up (host name, CPU count, a path under
   * AIR_DATA_DIR) rather than a fixed value in the schema.
   */
  readonly whenUnset?: string;
  /** Allowed values where the schema's rule is a custom check the page cannot read from it. */
  readonly values?: string;
}

const ABSOLUTE_OR_RELATIVE_PATH = 'a file path (relative paths are taken from the working directory)';

export const CONFIG_REFERENCE = {
  // HTTP and REST
  AIR_HTTP_HOST: {
    group: 'HTTP and REST',
    description: 'Address the HTTP listener (REST API and the `/signaling` WebSocket) binds to.',
  },
  AIR_HTTP_PORT: {
    group: 'HTTP and REST',
    description: 'Port of that listener; `0` picks a free port.',
  },
  AIR_HTTP_MAX_JSON_BYTES: {
    group: 'HTTP and REST',
    unit: 'bytes',
    description:
      'Largest JSON request body the REST API reads; a larger one is answered `413 PAYLOAD_TOO_LARGE` and the connection is closed.',
  },
  AIR_API_KEY: {
    group: 'HTTP and REST',
    secret: true,
    values: `at least ${MIN_API_KEY_LENGTH} bytes, different from AIR_TOKEN_SECRET`,
    description:
      "Bearer key the bank's back end sends on every REST call (`Authorization: Bearer …`); compared in constant time.",
  },

  // Tokens
  AIR_TOKEN_SECRET: {
    group: 'Tokens',
    secret: true,
    values: `at least ${MIN_SECRET_BYTES} bytes`,
    description:
      'HS256 key that signs and verifies join tokens and auditor tokens. Changing it invalidates every token already issued.',
  },
  AIR_TOKEN_ISSUER: {
    group: 'Tokens',
    description: 'The `iss` claim written into issued tokens and required when a token is verified.',
  },
  AIR_JOIN_TOKEN_TTL_SECONDS: {
    group: 'Tokens',
    unit: 's',
    description: 'Lifetime of a join token when the REST request does not give `ttlSeconds`.',
  },
  AIR_MAX_TOKEN_TTL_SECONDS: {
    group: 'Tokens',
    unit: 's',
    description: 'Largest `ttlSeconds` the REST API accepts for any token it issues (join, auditor and desk tokens).',
  },
  AIR_TOKEN_CLOCK_SKEW_S: {
    group: 'Tokens',
    unit: 's',
    description:
      "How far a token's `iat`/`nbf` may lie ahead of the server's clock; beyond it the socket is closed with `AUTH_NOT_YET_VALID`.",
  },
  AIR_TOKEN_EXPIRY_GRACE_S: {
    group: 'Tokens',
    unit: 's',
    description:
      "How long an open connection may outlive its token's `exp`; then it is closed with `REAUTH_REQUIRED` and the client reconnects with a fresh token, keeping its seat.",
  },

  // Media
  AIR_LISTEN_IP: {
    group: 'Media',
    values: 'an IPv4 or IPv6 address',
    description:
      'Address the media sockets (ICE, DTLS, RTP) bind to. With `0.0.0.0` or `::`, AIR_ANNOUNCED_ADDRESS is required.',
  },
  AIR_ANNOUNCED_ADDRESS: {
    group: 'Media',
    whenUnset: 'the AIR_LISTEN_IP address',
    description:
      'Public IP address or DNS name put in ICE candidates, when clients reach the server by another address.',
  },
  AIR_RTC_MIN_PORT: {
    group: 'Media',
    description: 'Lowest port of the media range; open the range to clients for UDP and TCP.',
  },
  AIR_RTC_MAX_PORT: {
    group: 'Media',
    description: 'Highest port of the media range; must not be below AIR_RTC_MIN_PORT.',
  },
  AIR_ENABLE_UDP: {
    group: 'Media',
    description: 'Offer UDP ICE candidates (preferred when both are on). At least one of UDP and TCP must be on.',
  },
  AIR_ENABLE_TCP: {
    group: 'Media',
    description: 'Offer TCP ICE candidates, the fallback for networks that block UDP.',
  },
  AIR_INITIAL_OUTGOING_BITRATE: {
    group: 'Media',
    unit: 'bit/s',
    description: 'Starting bandwidth estimate of each transport that sends media to a client.',
  },
  AIR_MAX_INCOMING_BITRATE: {
    group: 'Media',
    unit: 'bit/s',
    description: 'Cap on what one client may send, all simulcast layers together.',
  },
  AIR_VIDEO_CODECS: {
    group: 'Media',
    description:
      'Comma-separated video codecs the router offers, in order of preference (case does not matter). Opus audio is always on.',
  },
  AIR_WORKERS: {
    group: 'Media',
    whenUnset: 'one per CPU core',
    description: 'Number of mediasoup worker processes.',
  },
  AIR_WORKER_LOG_LEVEL: {
    group: 'Media',
    description: 'Log level of the mediasoup worker processes.',
  },
  AIR_MEDIASOUP_WORKER_BIN: {
    group: 'Media',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: "mediasoup's own binary",
    description: 'Path of the mediasoup-worker executable.',
  },

  // Signaling
  AIR_HEARTBEAT_MS: {
    group: 'Signaling',
    unit: 'ms',
    description: 'Interval between WebSocket pings on every signaling connection.',
  },
  AIR_HEARTBEAT_MAX_MISSED: {
    group: 'Signaling',
    description:
      'Consecutive unanswered pings after which a socket counts as gone; until then a second socket with the same identity is refused with `DUPLICATE_PEER`.',
  },
  AIR_RECONNECT_GRACE_MS: {
    group: 'Signaling',
    unit: 'ms',
    description:
      'How long a participant whose socket dropped keeps its place and its media in the room, waiting for a reconnect.',
  },
  AIR_RATE_LIMIT_PER_SECOND: {
    group: 'Signaling',
    description: 'Signaling requests one connection may make per second, on average; more are answered `RATE_LIMITED`.',
  },
  AIR_RATE_LIMIT_BURST: {
    group: 'Signaling',
    description:
      'Signaling requests one connection may make at once before the per-second rate applies; at least AIR_RATE_LIMIT_PER_SECOND.',
  },
  AIR_MAX_BAD_MESSAGES: {
    group: 'Signaling',
    description:
      'Refused messages (malformed, invalid or rate limited) one connection may send per minute before it is closed.',
  },

  // Sessions
  AIR_SESSION_RETENTION_SECONDS: {
    group: 'Sessions',
    unit: 's',
    description: 'How long an ended session stays queryable over REST before its record is deleted.',
  },
  AIR_SESSION_IDLE_TIMEOUT_S: {
    group: 'Sessions',
    unit: 's',
    description:
      'A session nobody joined, or everyone left, is ended with reason `idle-timeout` after this long and its router is freed.',
  },

  // Storage
  AIR_DATA_DIR: {
    group: 'Storage',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    description:
      'Root directory of everything the server writes. One server owns it at a time (lock file); a second one exits with code 73.',
  },
  AIR_DATABASE_URL: {
    group: 'Storage',
    secret: true,
    whenUnset: 'embedded PostgreSQL (PGlite) in `<AIR_DATA_DIR>/db`',
    description:
      'PostgreSQL server holding all state (`postgres://user:password@host:5432/db`); needed to run more than one node.',
  },
  AIR_DATABASE_POOL_SIZE: {
    group: 'Storage',
    description: 'Most PostgreSQL connections this server keeps open.',
  },
  AIR_DATABASE_STATEMENT_TIMEOUT_MS: {
    group: 'Storage',
    unit: 'ms',
    description:
      'Longest a statement, or the wait for a free connection, may take; past it the request fails with `STORE_UNAVAILABLE`.',
  },
  AIR_STORE_PRUNE_INTERVAL_SECONDS: {
    group: 'Storage',
    unit: 's',
    description:
      'How often the ids of used join tokens past their expiry, long-ended sessions and old delivered webhooks are deleted.',
  },
  AIR_NODE_ID: {
    group: 'Storage',
    whenUnset: "the machine's host name",
    description:
      'Name of this server in the database, recorded for example when it claims the sealing of an evidence package. With `AIR_DATABASE_URL` it is also its name in the node registry: unique per node, letters, digits and `._-` only.',
  },

  // Several nodes sharing one PostgreSQL (docs/operations.md, "Several nodes")
  AIR_PUBLIC_URL: {
    group: 'Several nodes',
    values: 'an http(s):// URL (with a path prefix if the node is mounted under one)',
    whenUnset: '`http://<address it listens on>:<port>`',
    description:
      'With `AIR_DATABASE_URL`: the base URL browsers reach this node at; the join tokens of its sessions carry `<url>/signaling`, so clients connect to the node that hosts their session. Ignored on the embedded database.',
  },
  AIR_NODE_CAPACITY: {
    group: 'Several nodes',
    description:
      'With `AIR_DATABASE_URL`: open sessions this node hosts at most; new sessions go to the least loaded live node with room, and `NODES_FULL` (503) when none has. 0 makes a node that serves REST calls only.',
  },
  AIR_NODE_HEARTBEAT_MS: {
    group: 'Several nodes',
    unit: 'ms',
    description:
      'With `AIR_DATABASE_URL`: how often this node records that it is alive and picks up the ends of its sessions made through another node.',
  },
  AIR_NODE_DEAD_AFTER_MS: {
    group: 'Several nodes',
    unit: 'ms',
    description:
      'With `AIR_DATABASE_URL`: a node without a heartbeat for this long is dead; its sessions move to a live node when their clients reconnect. At least twice `AIR_NODE_HEARTBEAT_MS`; the same on every node.',
  },

  // Evidence
  AIR_EVIDENCE_DIR: {
    group: 'Evidence',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: '`<AIR_DATA_DIR>/evidence`',
    description:
      "Write-once store of each session's evidence package (event log, media files, signed manifest) and of the auditor access log.",
  },
  AIR_SIGNING_KEY_FILE: {
    group: 'Evidence',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: 'generated at `<AIR_DATA_DIR>/keys/evidence-signing-key.pem`',
    description:
      'Ed25519 private key (PKCS #8 PEM) that signs evidence manifests. When set, the file must exist; it is never generated.',
  },
  AIR_SIGNING_RETIRED_KEY_FILES: {
    group: 'Evidence',
    values: 'comma-separated file paths',
    description:
      'Public keys (PEM or JWK) of earlier signing keys, still published so that packages signed with them stay verifiable.',
  },
  AIR_ACCESS_LOG_MAX_FILE_BYTES: {
    group: 'Evidence',
    unit: 'bytes',
    description: 'Size at which the auditor access log is rotated; older files are kept read-only.',
  },

  // Evidence on S3
  AIR_EVIDENCE_STORE: {
    group: 'Evidence on S3',
    description:
      '`local`: packages stay in AIR_EVIDENCE_DIR. `s3`: packages are staged there while the session lives, then uploaded to AIR_S3_BUCKET with Object Lock when sealed and read from the bucket (see docs/evidence-storage.md).',
  },
  AIR_S3_BUCKET: {
    group: 'Evidence on S3',
    values: 'an S3 bucket name: 3–63 lowercase letters, digits, dots and hyphens',
    description:
      'Bucket of sealed packages (required with `AIR_EVIDENCE_STORE=s3`). It must exist, be reachable at start-up and have Object Lock enabled.',
  },
  AIR_S3_PREFIX: {
    group: 'Evidence on S3',
    values: "up to 512 letters, digits and `!_.*'()/-`, not starting with `/`",
    description:
      'Key prefix in the bucket (a trailing `/` is added), so that several deployments can share a bucket. Keys are `<prefix>sessions/<sessionId>/<file>` and `<prefix>seals/<sessionId>.json`.',
  },
  AIR_S3_REGION: {
    group: 'Evidence on S3',
    whenUnset: "the SDK's own resolution (`AWS_REGION`, shared config)",
    description:
      'Region of the bucket. Credentials are never configured here: they come from the AWS SDK default provider chain.',
  },
  AIR_S3_ENDPOINT: {
    group: 'Evidence on S3',
    whenUnset: 'AWS S3',
    description: 'URL of an S3-compatible service (MinIO, Ceph RGW). It must not carry a user or password.',
  },
  AIR_S3_FORCE_PATH_STYLE: {
    group: 'Evidence on S3',
    description:
      'Address the bucket as `<endpoint>/<bucket>` rather than `<bucket>.<endpoint>` (most S3-compatible services need `true`).',
  },
  AIR_S3_RETENTION_DAYS: {
    group: 'Evidence on S3',
    description:
      'Each object is locked in COMPLIANCE mode until this many days after its upload: nobody, the account root included, can delete or overwrite it before. 3650 is 10 years; set 1827 for 5 years or 7305 for 20, as the retention rule you follow requires.',
  },
  AIR_S3_ALLOW_NO_OBJECT_LOCK: {
    group: 'Evidence on S3',
    description:
      'Start although the bucket reports no Object Lock configuration (the retention is then not enforced). For test set-ups only; a warning is logged at every start.',
  },
  AIR_S3_PART_BYTES: {
    group: 'Evidence on S3',
    unit: 'bytes',
    description:
      'Files larger than this (long recordings) are uploaded in parts of this size, each with its own SHA-256; smaller ones in one request. Each part is held in memory while it is sent.',
  },

  // Recording
  AIR_RECORDING_CONSENT_POLICY: {
    group: 'Recording',
    description:
      "`explicit`: recording waits for the customer's consent in the call; `external`: the bank collected consent beforehand.",
  },
  AIR_RECORDING_CONSENT_DECLINE: {
    group: 'Recording',
    description:
      'What follows when the customer declines or withdraws consent: the call goes on without recording, or the session ends.',
  },
  AIR_FFMPEG_PATH: {
    group: 'Recording',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: 'the `ffmpeg-static` package if installed, else `ffmpeg` on `PATH`',
    description: 'ffmpeg executable used for recording. A path that is set but not executable is an error.',
  },
  AIR_FFPROBE_PATH: {
    group: 'Recording',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: '`ffprobe` beside ffmpeg, else on `PATH`',
    description:
      'ffprobe executable used to measure recordings while they are written (live quality probes) and speech input; finished recordings are read in process.',
  },
  AIR_RECORDING_PORT_MIN: {
    group: 'Recording',
    description:
      'Lowest local UDP port handed to recorder processes (two per track: RTP and RTCP). The range must not overlap the media range.',
  },
  AIR_RECORDING_PORT_MAX: {
    group: 'Recording',
    description: 'Highest local UDP port handed to recorder processes; must be above AIR_RECORDING_PORT_MIN.',
  },
  AIR_RECORDING_STALL_TIMEOUT_S: {
    group: 'Recording',
    unit: 's',
    description: 'Seconds without media after which a recorder closes its file; `0` never closes it.',
  },
  AIR_RECORDING_STALL_GAP_MS: {
    group: 'Recording',
    unit: 'ms',
    description:
      'A recorded track without a packet for longer than this counts as not recorded (a gap in the evidence).',
  },
  AIR_RECORDING_MONITOR_INTERVAL_MS: {
    group: 'Recording',
    unit: 'ms',
    description: "How often the continuity monitor reads the recorders' packet counts.",
  },
  AIR_RECORDING_MIN_CUSTOMER_HEIGHT: {
    group: 'Recording',
    unit: 'px',
    description:
      "Shortest side of the customer's camera video below which its recording is flagged `belowMinimum`; `0` turns the check off.",
  },
  AIR_RECORDING_MAX_TRACK_STARTS: {
    group: 'Recording',
    description:
      'Track recordings one participant may start within AIR_RECORDING_TRACK_START_WINDOW_S; further tracks wait for room in the window.',
  },
  AIR_RECORDING_TRACK_START_WINDOW_S: {
    group: 'Recording',
    unit: 's',
    description: 'Length of the sliding window that AIR_RECORDING_MAX_TRACK_STARTS counts over.',
  },
  AIR_RECORDING_MAX_FFMPEG_PER_SESSION: {
    group: 'Recording',
    description: 'Recorder processes one session may run at once; a further track waits until another one ends.',
  },
  AIR_RECORDING_FINALIZE_CONCURRENCY: {
    group: 'Recording',
    description:
      'Repair and ffprobe processes the whole server runs at once (repairs of unfinished files and live quality probes); the rest queue.',
  },

  // Liveness
  AIR_LIVENESS_WORKERS: {
    group: 'Liveness',
    whenUnset: 'CPU cores minus one (at least 1)',
    description: 'Worker threads that decode liveness frames and run the face models, off the event loop.',
  },
  AIR_LIVENESS_WARM_UP: {
    group: 'Liveness',
    description:
      "Load the face models and run them once in every liveness thread as soon as the server listens (in the background), so that the first customer's check does not wait for them; off, the first check loads them.",
  },
  AIR_LIVENESS_MAX_ATTEMPTS: {
    group: 'Liveness',
    description: 'Liveness checks one session may start; then `LIVENESS_ATTEMPTS_EXHAUSTED`.',
  },
  AIR_LIVENESS_MAX_FRAME_BYTES: {
    group: 'Liveness',
    unit: 'bytes',
    description: 'Largest JPEG evidence frame accepted; a larger one is refused with `LIVENESS_FRAME_INVALID`.',
  },
  AIR_LIVENESS_MAX_FRAME_PIXELS: {
    group: 'Liveness',
    description:
      'Largest evidence frame as width × height, read from the JPEG header before decoding; larger: `LIVENESS_FRAME_INVALID`.',
  },

  // Journeys
  AIR_JOURNEY_MAX_ACTIONS: {
    group: 'Journeys',
    description: "Actions one session's journey accepts (starts, answers, overrides…); then `JOURNEY_LIMIT_REACHED`.",
  },
  AIR_JOURNEY_MAX_DEFINITIONS: {
    group: 'Journeys',
    description:
      'Journey definition versions the server keeps; registering another one fails with `JOURNEY_LIMIT_REACHED`.',
  },
  AIR_JOURNEY_MAX_DEFINITION_BYTES: {
    group: 'Journeys',
    unit: 'bytes',
    description: 'Largest journey definition (JSON) that `POST /api/v1/journeys` accepts; larger: `PAYLOAD_TOO_LARGE`.',
  },

  // Remote authorization
  AIR_STILL_MAX_PER_SESSION: {
    group: 'Remote authorization',
    description:
      'Camera stills the server may take and keep in one session for authorization requests; more: `STILL_LIMIT_REACHED`.',
  },
  AIR_STILL_TIMEOUT_MS: {
    group: 'Remote authorization',
    unit: 'ms',
    description: 'Longest the server waits for a decodable video frame when taking a still; then `STILL_FAILED`.',
  },
  AIR_AUTHZ_MAX_PENDING_PER_SESSION: {
    group: 'Remote authorization',
    description: 'Authorization requests one session may have pending at once; more: `AUTHZ_LIMIT_REACHED`.',
  },
  AIR_AUTHZ_PRESENCE_S: {
    group: 'Remote authorization',
    unit: 's',
    description:
      'An authorizer counts as available for new requests for this long after their last request from the desk.',
  },
  AIR_AUTHZ_SWEEP_INTERVAL_MS: {
    group: 'Remote authorization',
    unit: 'ms',
    description:
      'How often requests past their deadline are escalated or expired; any node may run the sweep, as deadlines live in the database.',
  },

  // Signing
  AIR_DOCUMENT_MAX_BYTES: {
    group: 'Signing',
    unit: 'bytes',
    description: 'Largest PDF the bank may upload for a session; larger: `PAYLOAD_TOO_LARGE`.',
  },
  AIR_DOCUMENT_MAX_PER_SESSION: {
    group: 'Signing',
    description: 'Documents one session may hold.',
  },
  AIR_DOCUMENT_MAX_PAGE_REPORTS: {
    group: 'Signing',
    description: 'Page-view reports one document accepts from all participants together; more: `RATE_LIMITED`.',
  },
  AIR_SIGNATURE_MAX_ATTEMPTS: {
    group: 'Signing',
    description: 'Handwritten signature attempts per document, the first one and redos together; more: `RATE_LIMITED`.',
  },
  AIR_SIGNATURE_MIN_POINTS: {
    group: 'Signing',
    description: 'Fewest points a handwritten signature must have; fewer: `SIGNATURE_REJECTED`.',
  },
  AIR_SIGNATURE_MIN_WIDTH_PERCENT: {
    group: 'Signing',
    unit: '%',
    description: "Narrowest a signature's ink may be, as a share of the signing surface's width.",
  },
  AIR_SIGNATURE_MIN_INK_PERCENT: {
    group: 'Signing',
    unit: '%',
    description: "Shortest total stroke length of a signature, as a share of the signing surface's width.",
  },
  AIR_PDF_SIGNING_CERT_FILE: {
    group: 'Signing',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: 'no signed PDF is produced',
    description:
      "The bank's certificate (PEM, RSA or EC P-256) for the signed PDF; set it together with AIR_PDF_SIGNING_KEY_FILE.",
  },
  AIR_PDF_SIGNING_KEY_FILE: {
    group: 'Signing',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: 'no signed PDF is produced',
    description: 'Private key (PKCS #8 PEM) of that certificate; set it together with AIR_PDF_SIGNING_CERT_FILE.',
  },
  AIR_PDF_SIGNING_CONTACT: {
    group: 'Signing',
    description: 'The `/ContactInfo` entry of the PDF signature.',
  },
  AIR_PDF_SIGNING_LOCATION: {
    group: 'Signing',
    description: 'The `/Location` entry of the PDF signature.',
  },

  // Speech
  AIR_ESPEAK_PATH: {
    group: 'Speech',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: '`espeak-ng` on `PATH`',
    description:
      'espeak-ng executable that renders speech; when missing, speech requests fail with `SPEECH_UNAVAILABLE`.',
  },
  AIR_SPEECH_RATE_WPM: {
    group: 'Speech',
    unit: 'words/min',
    description: 'Speaking rate (espeak-ng counts one Chinese character as one word).',
  },
  AIR_SPEECH_ELDERLY_RATE_WPM: {
    group: 'Speech',
    unit: 'words/min',
    description: 'Slower speaking rate of elderly mode; must not be above AIR_SPEECH_RATE_WPM.',
  },
  AIR_SPEECH_MAX_TEXT_CHARS: {
    group: 'Speech',
    unit: 'characters',
    description: 'Longest text the server speaks; longer: `SPEECH_TEXT_TOO_LONG`.',
  },
  AIR_SPEECH_MAX_AUDIO_S: {
    group: 'Speech',
    unit: 's',
    description:
      'Longest audio played into a call: rendered speech is cut there and a longer bank recording is refused.',
  },
  AIR_SPEECH_RENDER_CONCURRENCY: {
    group: 'Speech',
    description: 'espeak-ng renders and ffmpeg conversions the server runs at once; the rest wait in order.',
  },
  AIR_SPEECH_RENDER_TIMEOUT_MS: {
    group: 'Speech',
    unit: 'ms',
    description:
      "A render or conversion is killed after this long; it also bounds the wait for playback's first packet.",
  },
  AIR_SPEECH_CACHE_DIR: {
    group: 'Speech',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: '`<AIR_DATA_DIR>/speech-cache`',
    description: 'Directory where rendered speech is kept for reuse.',
  },
  AIR_SPEECH_CACHE_MAX_BYTES: {
    group: 'Speech',
    unit: 'bytes',
    description: 'Size bound of the speech cache, least recently used entries removed first; `0` turns the cache off.',
  },
  AIR_SPEECH_RECORDINGS_DIR: {
    group: 'Speech',
    values: ABSOLUTE_OR_RELATIVE_PATH,
    whenUnset: 'no bank recording can be played',
    description: "Directory of the bank's own audio recordings, played by plain file name.",
  },
  AIR_SPEECH_MAX_RECORDING_BYTES: {
    group: 'Speech',
    unit: 'bytes',
    description: 'Largest bank recording file accepted; larger: `SPEECH_AUDIO_REFUSED`.',
  },
  AIR_SPEECH_MAX_REPEATS: {
    group: 'Speech',
    description: 'Replays of the same audio one session may ask for; beyond: `RATE_LIMITED`.',
  },

  // Webhooks
  AIR_WEBHOOK_URL: {
    group: 'Webhooks',
    whenUnset: 'webhooks off',
    description:
      "The bank's endpoint (`http://` or `https://`) that receives signed event deliveries. Put no credential in it: deliveries are signed.",
  },
  AIR_WEBHOOK_SECRET: {
    group: 'Webhooks',
    secret: true,
    values: `at least ${MIN_SECRET_BYTES} bytes`,
    whenUnset: 'required with AIR_WEBHOOK_URL',
    description: 'HMAC-SHA256 key shared with the receiver, signing every delivery.',
  },
  AIR_WEBHOOK_TIMEOUT_MS: {
    group: 'Webhooks',
    unit: 'ms',
    description: "Time limit of one delivery attempt (connect, send, receive the answer's status).",
  },
  AIR_WEBHOOK_MAX_ATTEMPTS: {
    group: 'Webhooks',
    description: 'Delivery attempts per event; after the last failure the event goes to the dead-letter list.',
  },
  AIR_WEBHOOK_RETRY_BASE_MS: {
    group: 'Webhooks',
    unit: 'ms',
    description: 'Wait after the first failed attempt; it doubles after each further failure, with random jitter.',
  },
  AIR_WEBHOOK_RETRY_MAX_MS: {
    group: 'Webhooks',
    unit: 'ms',
    description: 'Longest wait between two attempts.',
  },
  AIR_WEBHOOK_CONCURRENCY: {
    group: 'Webhooks',
    description: "Deliveries in flight at once, each for a different session; one session's events go in order.",
  },
  AIR_WEBHOOK_POLL_INTERVAL_MS: {
    group: 'Webhooks',
    unit: 'ms',
    description: 'How often the outbox is checked for due retries and for events queued by other nodes.',
  },
  AIR_WEBHOOK_RETENTION_SECONDS: {
    group: 'Webhooks',
    unit: 's',
    description: 'Delivered events are deleted from the outbox after this long; dead letters stay until redelivered.',
  },

  // Metrics
  AIR_METRICS_PORT: {
    group: 'Metrics',
    whenUnset: 'metrics off',
    description: 'Port of a separate listener serving Prometheus metrics at `GET /metrics`.',
  },
  AIR_METRICS_HOST: {
    group: 'Metrics',
    values: 'an IPv4 or IPv6 address',
    description: 'Address of the metrics listener: loopback, or an internal interface for a remote scraper.',
  },
  AIR_METRICS_TOKEN: {
    group: 'Metrics',
    secret: true,
    values: `at least ${MIN_API_KEY_LENGTH} bytes, different from AIR_API_KEY`,
    whenUnset: 'no token asked',
    description: 'Bearer token the scraper must send; compared in constant time.',
  },

  // STUN and TURN
  AIR_STUN_URLS: {
    group: 'STUN and TURN',
    values: '`stun:` or `stuns:` URLs',
    description: 'STUN servers given to clients in the join answer.',
  },
  AIR_TURN_URLS: {
    group: 'STUN and TURN',
    values: '`turn:` or `turns:` URLs',
    description: 'TURN servers given to clients with short-lived credentials on every join; needs AIR_TURN_SECRET.',
  },
  AIR_TURN_SECRET: {
    group: 'STUN and TURN',
    secret: true,
    values: `at least ${MIN_SECRET_BYTES} bytes`,
    description:
      "Shared secret of the TURN server (coturn's `static-auth-secret`) from which per-join credentials are derived; needs AIR_TURN_URLS.",
  },
  AIR_TURN_CREDENTIAL_TTL_S: {
    group: 'STUN and TURN',
    unit: 's',
    description:
      "Lifetime of one join's TURN credentials; choose it longer than the longest call (a rejoin renews them).",
  },
  AIR_ICE_TRANSPORT_POLICY: {
    group: 'STUN and TURN',
    description:
      '`relay` makes every client send and receive media only through TURN (needs AIR_TURN_URLS); `all` allows direct paths.',
  },

  // Process
  AIR_LOG_LEVEL: {
    group: 'Process',
    description: 'Least severe level written to the JSON-lines log on stdout; `silent` writes nothing.',
  },
  AIR_SHUTDOWN_TIMEOUT_MS: {
    group: 'Process',
    unit: 'ms',
    description:
      'Graceful shutdown (SIGTERM, SIGINT) stops waiting after this long, even while browsers stay connected, and the process exits 1 instead of 0.',
  },
} as const satisfies Record<ConfigVariable, VariableReference>;

/** One variable's entry, widened to the interface (the table itself keeps its literal types). */
export function referenceOf(name: ConfigVariable): VariableReference {
  return CONFIG_REFERENCE[name];
}

/** The variables whose values are credentials: shown only as set or unset. */
export function isSecretVariable(name: ConfigVariable): boolean {
  return referenceOf(name).secret === true;
}
