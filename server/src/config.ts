import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname, tmpdir } from 'node:os';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import * as v from 'valibot';
import { CONSENT_DECLINE_OUTCOMES, ICE_TRANSPORT_POLICIES, type IceTransportPolicy } from '@aircounter/protocol';
import { CONSENT_POLICIES, DEFAULT_RECORDING_SETTINGS, type RecordingSettings } from './recording/types.ts';
import { DEFAULT_AUTHORIZATION_SETTINGS, type AuthorizationSettings } from './authorization/service.ts';
import { DEFAULT_STILL_SETTINGS, type StillSettings } from './media/still.ts';
import { Secret } from './secret.ts';
import { DEFAULT_SPEECH_SETTINGS, type SpeechSettings } from './speech/types.ts';
import { sharedPgliteSeedDir } from './store/pglite-db.ts';
import { defaultPgliteDir, type StoreConfig } from './store/store.ts';
import { MAX_PART_BYTES, MIN_PART_BYTES, type S3StoreSettings } from './evidence/s3-settings.ts';

// Configuration comes from the environment only (twelve-factor), is checked
// once at start-up and reports every problem at once. Secrets are wrapped in
// `Secret` so that a stray log line prints `[redacted]`.
//
// To add a setting: add its variable to ENV_SCHEMA, describe it in
// CONFIG_REFERENCE (config-reference.ts), then place it in the
// typed `AirConfig` (its section interface and `toConfig`). Tests build a
// config with `configForTests()`, which must get a safe value for it too.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const WORKER_LOG_LEVELS = ['debug', 'warn', 'error', 'none'] as const;
export const VIDEO_CODECS = ['VP8', 'H264'] as const;
export const EVIDENCE_STORES = ['local', 's3'] as const;
export type VideoCodec = (typeof VIDEO_CODECS)[number];

export const MIN_SECRET_BYTES = 32;
export const MIN_API_KEY_LENGTH = 24;

const int = (fallback: number, min: number, max: number) =>
  v.optional(
    v.pipe(v.string(), v.trim(), v.toNumber(), v.integer(), v.minValue(min), v.maxValue(max)),
    String(fallback),
  );
const bool = (fallback: boolean) => v.optional(v.pipe(v.string(), v.trim(), v.parseBoolean()), String(fallback));
const text = (fallback: string, max = 256) =>
  v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max)), fallback);
const optionalText = (max = 256) => v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max)));
const ipAddress = v.pipe(
  v.string(),
  v.trim(),
  v.check((value) => isIP(value) !== 0, 'expected an IPv4 or IPv6 address'),
);
const secret = (minBytes: number) =>
  v.pipe(
    v.string(),
    v.check(
      (value) => Buffer.byteLength(value, 'utf8') >= minBytes,
      `must be at least ${minBytes} bytes (generate one with: openssl rand -base64 48)`,
    ),
  );

/** A comma-separated list of up to 8 URLs, each matching `shape`. */
const urlList = (shape: RegExp, what: string) =>
  v.pipe(
    v.string(),
    v.transform((value) =>
      value
        .split(',')
        .map((url) => url.trim())
        .filter((url) => url !== ''),
    ),
    v.array(v.pipe(v.string(), v.maxLength(512), v.regex(shape, `expected ${what}, comma-separated`))),
    v.minLength(1),
    v.maxLength(8),
  );

/** Every `AIR_*` variable; its reference (meaning, group, secrecy) is CONFIG_REFERENCE in config-reference.ts. */
export const ENV_SCHEMA = v.object({
  AIR_HTTP_HOST: text('127.0.0.1'),
  AIR_HTTP_PORT: int(8080, 0, 65535),
  AIR_HTTP_MAX_JSON_BYTES: int(16 * 1024, 1024, 1024 * 1024),
  AIR_TOKEN_SECRET: secret(MIN_SECRET_BYTES),
  AIR_TOKEN_ISSUER: text('aircounter', 128),
  AIR_API_KEY: secret(MIN_API_KEY_LENGTH),
  AIR_JOIN_TOKEN_TTL_SECONDS: int(15 * 60, 30, 24 * 3600),
  AIR_MAX_TOKEN_TTL_SECONDS: int(12 * 3600, 60, 7 * 24 * 3600),
  AIR_TOKEN_CLOCK_SKEW_S: int(30, 0, 600),
  AIR_TOKEN_EXPIRY_GRACE_S: int(30, 0, 3600),
  AIR_LISTEN_IP: v.optional(ipAddress, '127.0.0.1'),
  AIR_ANNOUNCED_ADDRESS: optionalText(253),
  AIR_RTC_MIN_PORT: int(40000, 1024, 65535),
  AIR_RTC_MAX_PORT: int(49999, 1024, 65535),
  AIR_ENABLE_UDP: bool(true),
  AIR_ENABLE_TCP: bool(true),
  AIR_INITIAL_OUTGOING_BITRATE: int(1_000_000, 100_000, 100_000_000),
  AIR_MAX_INCOMING_BITRATE: int(3_000_000, 100_000, 100_000_000),
  AIR_VIDEO_CODECS: v.optional(
    v.pipe(
      v.string(),
      v.transform((value) => value.split(',').map((codec) => codec.trim().toUpperCase())),
      v.array(v.picklist(VIDEO_CODECS)),
      v.minLength(1),
    ),
    'VP8,H264',
  ),
  AIR_WORKERS: v.optional(v.pipe(v.string(), v.trim(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(256))),
  AIR_WORKER_LOG_LEVEL: v.optional(v.picklist(WORKER_LOG_LEVELS), 'warn'),
  AIR_MEDIASOUP_WORKER_BIN: optionalText(4096),
  AIR_HEARTBEAT_MS: int(10_000, 100, 120_000),
  AIR_RECONNECT_GRACE_MS: int(15_000, 0, 300_000),
  AIR_HEARTBEAT_MAX_MISSED: int(2, 1, 10),
  AIR_RATE_LIMIT_PER_SECOND: int(30, 1, 10_000),
  AIR_RATE_LIMIT_BURST: int(60, 1, 10_000),
  AIR_MAX_BAD_MESSAGES: int(20, 1, 10_000),
  AIR_SESSION_RETENTION_SECONDS: int(24 * 3600, 60, 365 * 24 * 3600),
  AIR_SESSION_IDLE_TIMEOUT_S: int(900, 1, 7 * 24 * 3600),
  AIR_LIVENESS_WORKERS: v.optional(
    v.pipe(v.string(), v.trim(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(64)),
  ),
  AIR_LIVENESS_WARM_UP: bool(true),
  AIR_LIVENESS_MAX_ATTEMPTS: int(3, 1, 100),
  // The protocol caps an evidence frame at 400 000 base64 characters (300 000 bytes) anyway.
  AIR_LIVENESS_MAX_FRAME_BYTES: int(300_000, 10_000, 300_000),
  AIR_LIVENESS_MAX_FRAME_PIXELS: int(1920 * 1080, 320 * 240, 3840 * 2160),
  AIR_DATA_DIR: text('./var', 4096),
  AIR_DATABASE_URL: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(4096),
      v.check((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL'),
    ),
  ),
  AIR_DATABASE_POOL_SIZE: int(10, 1, 1000),
  AIR_DATABASE_STATEMENT_TIMEOUT_MS: int(5000, 100, 600_000),
  AIR_STORE_PRUNE_INTERVAL_SECONDS: int(300, 5, 24 * 3600),
  AIR_NODE_ID: text(hostname() || 'aircounter', 128),
  AIR_PUBLIC_URL: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(2048),
      v.url(),
      v.check(
        (value) => /^https?:\/\/[^@/?#]+(\/[^?#]*)?$/.test(value),
        'must be an http(s):// URL without user, password, query or fragment',
      ),
    ),
  ),
  AIR_NODE_CAPACITY: int(200, 0, 100_000),
  AIR_NODE_HEARTBEAT_MS: int(2_000, 100, 60_000),
  AIR_NODE_DEAD_AFTER_MS: int(10_000, 300, 600_000),
  AIR_EVIDENCE_DIR: optionalText(4096),
  AIR_SIGNING_KEY_FILE: optionalText(4096),
  AIR_SIGNING_RETIRED_KEY_FILES: optionalText(16_384),
  AIR_ACCESS_LOG_MAX_FILE_BYTES: int(64 * 1024 * 1024, 4096, 1024 * 1024 * 1024),
  // Evidence on S3-compatible object storage with Object Lock (server/src/evidence/s3-*, docs/evidence-storage.md).
  AIR_EVIDENCE_STORE: v.optional(v.picklist(EVIDENCE_STORES), 'local'),
  AIR_S3_BUCKET: v.optional(
    v.pipe(v.string(), v.trim(), v.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name')),
  ),
  AIR_S3_PREFIX: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(512),
      v.regex(/^[A-Za-z0-9!_.*'()/-]*$/, "expected a key prefix of letters, digits and !_.*'()/-"),
      v.check((value) => !value.startsWith('/') && !value.includes('//'), 'must not start with / nor contain //'),
    ),
  ),
  AIR_S3_REGION: optionalText(64),
  AIR_S3_ENDPOINT: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(2048),
      v.url(),
      v.check(
        (value) => /^https?:\/\/[^@/]+(\/.*)?$/.test(value),
        'must be an http(s):// URL without user or password',
      ),
    ),
  ),
  AIR_S3_FORCE_PATH_STYLE: bool(false),
  AIR_S3_RETENTION_DAYS: int(3650, 1, 100 * 365),
  AIR_S3_ALLOW_NO_OBJECT_LOCK: bool(false),
  AIR_S3_PART_BYTES: int(16 * 1024 * 1024, MIN_PART_BYTES, MAX_PART_BYTES),
  AIR_RECORDING_CONSENT_POLICY: v.optional(v.picklist(CONSENT_POLICIES), 'explicit'),
  AIR_RECORDING_CONSENT_DECLINE: v.optional(v.picklist(CONSENT_DECLINE_OUTCOMES), 'continue-unrecorded'),
  AIR_FFMPEG_PATH: optionalText(4096),
  AIR_FFPROBE_PATH: optionalText(4096),
  AIR_RECORDING_PORT_MIN: int(DEFAULT_RECORDING_SETTINGS.portMin, 1024, 65535),
  AIR_RECORDING_PORT_MAX: int(DEFAULT_RECORDING_SETTINGS.portMax, 1024, 65535),
  AIR_RECORDING_STALL_TIMEOUT_S: int(DEFAULT_RECORDING_SETTINGS.stallTimeoutS, 0, 3600),
  AIR_RECORDING_STALL_GAP_MS: int(DEFAULT_RECORDING_SETTINGS.stallGapMs, 250, 60_000),
  AIR_RECORDING_MONITOR_INTERVAL_MS: int(DEFAULT_RECORDING_SETTINGS.monitorIntervalMs, 50, 5000),
  AIR_RECORDING_MIN_CUSTOMER_HEIGHT: int(DEFAULT_RECORDING_SETTINGS.minCustomerHeight, 0, 4320),
  AIR_RECORDING_MAX_TRACK_STARTS: int(DEFAULT_RECORDING_SETTINGS.maxTrackStarts, 1, 10_000),
  AIR_RECORDING_TRACK_START_WINDOW_S: int(DEFAULT_RECORDING_SETTINGS.trackStartWindowMs / 1000, 1, 3600),
  AIR_RECORDING_MAX_FFMPEG_PER_SESSION: int(DEFAULT_RECORDING_SETTINGS.maxFfmpegPerSession, 1, 1000),
  AIR_RECORDING_FINALIZE_CONCURRENCY: int(DEFAULT_RECORDING_SETTINGS.finalizeConcurrency, 1, 64),
  // Remote authorization: stills the server takes from a participant's camera.
  AIR_STILL_MAX_PER_SESSION: int(DEFAULT_STILL_SETTINGS.maxPerSession, 1, 1000),
  AIR_STILL_TIMEOUT_MS: int(DEFAULT_STILL_SETTINGS.timeoutMs, 1000, 120_000),
  AIR_AUTHZ_MAX_PENDING_PER_SESSION: int(DEFAULT_AUTHORIZATION_SETTINGS.maxPendingPerSession, 1, 100),
  AIR_AUTHZ_PRESENCE_S: int(DEFAULT_AUTHORIZATION_SETTINGS.presenceSeconds, 5, 3600),
  AIR_AUTHZ_SWEEP_INTERVAL_MS: int(DEFAULT_AUTHORIZATION_SETTINGS.sweepIntervalMs, 100, 60_000),
  // Face-to-face signing (server/src/signing, docs/signing.md).
  AIR_DOCUMENT_MAX_BYTES: int(10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  AIR_DOCUMENT_MAX_PER_SESSION: int(10, 1, 1000),
  AIR_DOCUMENT_MAX_PAGE_REPORTS: int(2000, 1, 1_000_000),
  AIR_SIGNATURE_MAX_ATTEMPTS: int(5, 1, 100),
  AIR_SIGNATURE_MIN_POINTS: int(20, 2, 2000),
  AIR_SIGNATURE_MIN_WIDTH_PERCENT: int(15, 0, 100),
  AIR_SIGNATURE_MIN_INK_PERCENT: int(50, 0, 10_000),
  AIR_PDF_SIGNING_CERT_FILE: optionalText(4096),
  AIR_PDF_SIGNING_KEY_FILE: optionalText(4096),
  AIR_PDF_SIGNING_CONTACT: text('AirCounter', 200),
  AIR_PDF_SIGNING_LOCATION: text('Video counter', 200),
  AIR_SHUTDOWN_TIMEOUT_MS: int(20_000, 1000, 600_000),
  // Speech played into the call (server/src/speech, docs/speech.md).
  AIR_ESPEAK_PATH: optionalText(4096),
  AIR_SPEECH_RATE_WPM: int(DEFAULT_SPEECH_SETTINGS.rateWpm, 80, 450),
  AIR_SPEECH_ELDERLY_RATE_WPM: int(DEFAULT_SPEECH_SETTINGS.elderlyRateWpm, 80, 450),
  AIR_SPEECH_MAX_TEXT_CHARS: int(DEFAULT_SPEECH_SETTINGS.maxTextChars, 1, 20_000),
  AIR_SPEECH_MAX_AUDIO_S: int(DEFAULT_SPEECH_SETTINGS.maxAudioS, 1, 3600),
  AIR_SPEECH_RENDER_CONCURRENCY: int(DEFAULT_SPEECH_SETTINGS.renderConcurrency, 1, 64),
  AIR_SPEECH_RENDER_TIMEOUT_MS: int(DEFAULT_SPEECH_SETTINGS.renderTimeoutMs, 1000, 600_000),
  AIR_SPEECH_CACHE_DIR: optionalText(4096),
  AIR_SPEECH_CACHE_MAX_BYTES: int(DEFAULT_SPEECH_SETTINGS.cacheMaxBytes, 0, 2 ** 40),
  AIR_SPEECH_RECORDINGS_DIR: optionalText(4096),
  AIR_SPEECH_MAX_RECORDING_BYTES: int(DEFAULT_SPEECH_SETTINGS.maxRecordingBytes, 1024, 1024 * 1024 * 1024),
  AIR_SPEECH_MAX_REPEATS: int(DEFAULT_SPEECH_SETTINGS.maxRepeats, 0, 20),
  AIR_LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS), 'info'),
  // Webhooks to the bank (server/src/webhooks, docs/webhooks.md).
  AIR_WEBHOOK_URL: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(2048),
      v.url(),
      v.check((value) => /^https?:\/\//.test(value), 'must be an http:// or https:// URL'),
    ),
  ),
  AIR_WEBHOOK_SECRET: v.optional(secret(MIN_SECRET_BYTES)),
  AIR_WEBHOOK_TIMEOUT_MS: int(10_000, 100, 120_000),
  AIR_WEBHOOK_MAX_ATTEMPTS: int(15, 1, 100),
  AIR_WEBHOOK_RETRY_BASE_MS: int(5_000, 10, 3_600_000),
  AIR_WEBHOOK_RETRY_MAX_MS: int(3_600_000, 10, 24 * 3_600_000),
  AIR_WEBHOOK_CONCURRENCY: int(4, 1, 64),
  AIR_WEBHOOK_POLL_INTERVAL_MS: int(2_000, 20, 60_000),
  AIR_WEBHOOK_RETENTION_SECONDS: int(7 * 24 * 3600, 60, 365 * 24 * 3600),
  // Prometheus metrics (server/src/metrics, docs/metrics.md): off unless AIR_METRICS_PORT is set.
  AIR_METRICS_HOST: v.optional(ipAddress, '127.0.0.1'),
  AIR_METRICS_PORT: v.optional(
    v.pipe(v.string(), v.trim(), v.toNumber(), v.integer(), v.minValue(0), v.maxValue(65535)),
  ),
  AIR_METRICS_TOKEN: v.optional(secret(MIN_API_KEY_LENGTH)),
  // STUN/TURN servers handed to clients (server/src/media/ice-servers.ts, docs/turn.md).
  AIR_STUN_URLS: v.optional(urlList(/^stuns?:[^\s,]+$/, 'stun: or stuns: URLs')),
  AIR_TURN_URLS: v.optional(urlList(/^turns?:[^\s,]+$/, 'turn: or turns: URLs')),
  AIR_TURN_SECRET: v.optional(secret(MIN_SECRET_BYTES)),
  AIR_TURN_CREDENTIAL_TTL_S: int(4 * 3600, 60, 48 * 3600),
  AIR_ICE_TRANSPORT_POLICY: v.optional(v.picklist(ICE_TRANSPORT_POLICIES), 'all'),
  // Scripted journeys (双录).
  AIR_JOURNEY_MAX_ACTIONS: int(500, 10, 100_000),
  AIR_JOURNEY_MAX_DEFINITIONS: int(10_000, 1, 1_000_000),
  AIR_JOURNEY_MAX_DEFINITION_BYTES: int(256 * 1024, 1024, 4 * 1024 * 1024),
});

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  /** Largest JSON request body the REST API reads, bytes. */
  readonly maxJsonBodyBytes: number;
}

export interface AuthConfig {
  /** HS256 key of join and auditor tokens. */
  readonly tokenSecret: Secret;
  readonly tokenIssuer: string;
  /** Bearer key of the bank back end on the REST API. */
  readonly apiKey: Secret;
  readonly joinTokenTtlSeconds: number;
  readonly maxTokenTtlSeconds: number;
  /** How far a token's `iat`/`nbf` may lie in the future (the issuer's clock may run ahead). */
  readonly clockSkewSeconds: number;
  /** How long an open connection may outlive its token's `exp` before it must reconnect with a fresh one. */
  readonly expiryGraceSeconds: number;
}

export interface MediaConfig {
  readonly workers: number;
  readonly workerLogLevel: (typeof WORKER_LOG_LEVELS)[number];
  /** Path of the mediasoup-worker binary; mediasoup's own default when absent. */
  readonly workerBin: string | undefined;
  readonly listenIp: string;
  /** Address put in ICE candidates (public IP or DNS name) when it differs from `listenIp`. */
  readonly announcedAddress: string | undefined;
  readonly rtcMinPort: number;
  readonly rtcMaxPort: number;
  readonly enableUdp: boolean;
  readonly enableTcp: boolean;
  readonly initialAvailableOutgoingBitrate: number;
  readonly maxIncomingBitrate: number;
  readonly videoCodecs: readonly VideoCodec[];
}

export interface SignalingConfig {
  /** Interval of WebSocket pings; a peer that misses one whole interval is dropped. */
  readonly heartbeatIntervalMs: number;
  /** How long a peer whose socket dropped keeps its place in the room. */
  readonly reconnectGraceMs: number;
  /** Consecutive unanswered pings before a socket counts as gone and its seat can be taken. */
  readonly heartbeatMaxMissed: number;
  readonly rateLimitPerSecond: number;
  readonly rateLimitBurst: number;
  /** Refused messages (malformed, invalid, rate limited) tolerated per connection per minute. */
  readonly maxBadMessages: number;
}

export interface SessionsConfig {
  /** How long an ended session stays queryable before it is forgotten. */
  readonly retentionSeconds: number;
  /** A session nobody is connected to (never joined, or everyone left) is ended after this long. */
  readonly idleTimeoutSeconds: number;
}

export interface LivenessConfig {
  /** Worker threads that decode evidence frames and run the face models. */
  readonly workers: number;
  /** Load and run the face models once the server listens, rather than on the first customer's frames. */
  readonly warmUp: boolean;
  /** Liveness checks one session may start. */
  readonly maxAttempts: number;
  /** Largest evidence frame (JPEG bytes). */
  readonly maxFrameBytes: number;
  /** Largest evidence frame (width × height). */
  readonly maxFramePixels: number;
}

/** Scripted journeys (server/src/journeys, docs/journeys.md). */
export interface JourneysConfig {
  /** Actions one session's journey accepts (a retry loop cannot grow its state without bound). */
  readonly maxActions: number;
  /** Definition versions the server keeps (registering more: JOURNEY_LIMIT_REACHED). */
  readonly maxDefinitions: number;
  /** Largest definition accepted by `POST /api/v1/journeys`, bytes of JSON. */
  readonly maxDefinitionBytes: number;
}

export interface EvidenceConfig {
  /** Write-once evidence store (`AIR_EVIDENCE_DIR`, default `<dataDir>/evidence`). Absolute. */
  readonly dir: string;
  /** Ed25519 PEM key signing manifests (`AIR_SIGNING_KEY_FILE`, default `<dataDir>/keys/evidence-signing-key.pem`). */
  readonly signingKeyFile: string;
  /** Public keys of earlier signing keys, still published (`AIR_SIGNING_RETIRED_KEY_FILES`, comma-separated). */
  readonly retiredKeyFiles: readonly string[];
  /** Generate the key when missing: only when AIR_SIGNING_KEY_FILE is not set (a configured key must exist). */
  readonly generateSigningKey: boolean;
  /** The auditor access log is rotated to a new file at this size (`AIR_ACCESS_LOG_MAX_FILE_BYTES`). */
  readonly accessLogMaxFileBytes: number;
  /** Several nodes share the evidence directory: this node's name, the subdirectory of its access log. */
  readonly accessLogNode: string | undefined;
  /**
   * Sealed packages go to this S3 bucket with Object Lock (`AIR_EVIDENCE_STORE=s3`); `dir` then only
   * stages packages of live sessions and keeps the access log. Undefined: everything stays in `dir`.
   */
  readonly s3: S3StoreSettings | undefined;
}

export interface WebhookConfig {
  /** The bank's endpoint (`AIR_WEBHOOK_URL`); no events are queued when absent. */
  readonly url: string | undefined;
  /** HMAC-SHA256 key shared with the receiver (`AIR_WEBHOOK_SECRET`, required with a URL). */
  readonly secret: Secret | undefined;
  /** One attempt's time limit (connect, send, answer). */
  readonly timeoutMs: number;
  /** Attempts per event before it goes to the dead-letter list. */
  readonly maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to `retryMaxMs` (with jitter). */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Deliveries in flight at once (each for a different session). */
  readonly concurrency: number;
  /** How often the outbox is checked for due retries and other nodes' events. */
  readonly pollIntervalMs: number;
  /** Delivered events are deleted from the outbox after this long. */
  readonly retentionSeconds: number;
}

export interface MetricsConfig {
  /** Address of the metrics listener: loopback by default, an internal interface for a remote scraper. */
  readonly host: string;
  /** Its port; no listener (metrics off) when absent. */
  readonly port: number | undefined;
  /** Bearer token the scraper must present; none when absent (then rely on the address). */
  readonly token: Secret | undefined;
}

export interface IceConfig {
  /** STUN URLs given to clients (`AIR_STUN_URLS`); none by default (the server's own candidates suffice on open networks). */
  readonly stunUrls: readonly string[];
  /** TURN URLs given to clients with per-join credentials (`AIR_TURN_URLS`). */
  readonly turnUrls: readonly string[];
  /** coturn's `static-auth-secret` (`AIR_TURN_SECRET`): the credentials are derived from it. */
  readonly turnSecret: Secret | undefined;
  /** How long one join's TURN credentials stay valid: cover the longest call (a rejoin brings fresh ones). */
  readonly turnCredentialTtlSeconds: number;
  /** `relay` makes every client send and receive only through TURN. */
  readonly transportPolicy: IceTransportPolicy;
}

export interface SigningConfig {
  /** Largest PDF the bank may upload for a session, bytes. */
  readonly maxDocumentBytes: number;
  /** Documents one session may have. */
  readonly maxDocumentsPerSession: number;
  /** Page-view reports one document accepts (from all participants together). */
  readonly maxPageReports: number;
  /** Signature attempts (first one and redos) per document. */
  readonly maxSignatureAttempts: number;
  /** The least a signature must be to be accepted (see `signatureTooSimple` in @aircounter/protocol). */
  readonly minimum: { readonly points: number; readonly widthShare: number; readonly inkLengthShare: number };
  /** The bank's PDF signing certificate and PKCS #8 key (PEM); the signed PDF is made only when both are set. */
  readonly pdfCertificateFile: string | undefined;
  readonly pdfKeyFile: string | undefined;
  /** /ContactInfo and /Location of the PDF signature. */
  readonly pdfContactInfo: string;
  readonly pdfLocation: string;
}

/** Several nodes sharing one PostgreSQL (server/src/nodes, docs/operations.md). */
export interface NodesConfig {
  /** On with an external PostgreSQL (`AIR_DATABASE_URL`); the embedded database is always one node. */
  readonly enabled: boolean;
  /** `AIR_NODE_ID`. */
  readonly id: string;
  /** Base URL browsers reach this node at; undefined: the address it listens on. */
  readonly publicUrl: string | undefined;
  readonly capacity: number;
  readonly heartbeatMs: number;
  readonly deadAfterMs: number;
}

export interface AirConfig {
  readonly http: HttpConfig;
  readonly auth: AuthConfig;
  readonly media: MediaConfig;
  readonly signaling: SignalingConfig;
  readonly sessions: SessionsConfig;
  readonly liveness: LivenessConfig;
  readonly journeys: JourneysConfig;
  /** Root of everything the server writes (recordings, evidence, the embedded database). Absolute. */
  readonly dataDir: string;
  /** The database of all server state (server/src/store, docs/operations.md). */
  readonly store: StoreConfig;
  /** Node registry and session placement when several nodes share one PostgreSQL. */
  readonly nodes: NodesConfig;
  readonly evidence: EvidenceConfig;
  /** Consent policy, ffmpeg, RTP port range of the recorder (server/src/recording, docs/recording.md). */
  readonly recording: RecordingSettings;
  /** Speech played into the call: espeak-ng, rates, limits, the bank's recordings (server/src/speech, docs/speech.md). */
  readonly speech: SpeechSettings;
  /** Stills of a participant's camera taken by the server (server/src/media/still.ts, docs/authorization.md). */
  readonly stills: StillSettings;
  /** Remote authorization: pending requests per session, desk presence, SLA sweep (docs/authorization.md). */
  readonly authorization: AuthorizationSettings;
  /** Documents, signatures and the signed PDF (server/src/signing, docs/signing.md). */
  readonly signing: SigningConfig;
  /**
   * Graceful shutdown ends within this time even while browsers stay
   * connected (`AIR_SHUTDOWN_TIMEOUT_MS`); what is not sealed by then is
   * sealed incomplete at the next start.
   */
  readonly shutdownTimeoutMs: number;
  readonly logLevel: LogLevel;
  /** Signed event deliveries to the bank from a durable outbox (server/src/webhooks, docs/webhooks.md). */
  readonly webhooks: WebhookConfig;
  /** Prometheus endpoint on a listener of its own (server/src/metrics, docs/metrics.md). */
  readonly metrics: MetricsConfig;
  /** STUN/TURN servers for clients behind restrictive networks (server/src/media/ice-servers.ts, docs/turn.md). */
  readonly ice: IceConfig;
}

/** Every problem found in the environment, one line each, naming the variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type ParsedEnv = v.InferOutput<typeof ENV_SCHEMA>;

function isUnspecifiedAddress(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::';
}

function crossFieldProblems(env: ParsedEnv): string[] {
  const problems: string[] = [];
  if (env.AIR_RTC_MIN_PORT > env.AIR_RTC_MAX_PORT) {
    problems.push('AIR_RTC_MIN_PORT must not be above AIR_RTC_MAX_PORT');
  }
  if (!env.AIR_ENABLE_UDP && !env.AIR_ENABLE_TCP)
    problems.push('enable at least one of AIR_ENABLE_UDP, AIR_ENABLE_TCP');
  if (isUnspecifiedAddress(env.AIR_LISTEN_IP) && env.AIR_ANNOUNCED_ADDRESS === undefined) {
    problems.push(
      `AIR_ANNOUNCED_ADDRESS is required when AIR_LISTEN_IP is ${env.AIR_LISTEN_IP}: browsers need a reachable address in the ICE candidates`,
    );
  }
  if (env.AIR_JOIN_TOKEN_TTL_SECONDS > env.AIR_MAX_TOKEN_TTL_SECONDS) {
    problems.push('AIR_JOIN_TOKEN_TTL_SECONDS must not be above AIR_MAX_TOKEN_TTL_SECONDS');
  }
  if (env.AIR_RATE_LIMIT_BURST < env.AIR_RATE_LIMIT_PER_SECOND) {
    problems.push('AIR_RATE_LIMIT_BURST must be at least AIR_RATE_LIMIT_PER_SECOND');
  }
  if (env.AIR_WEBHOOK_URL !== undefined && env.AIR_WEBHOOK_SECRET === undefined) {
    problems.push('AIR_WEBHOOK_SECRET is required when AIR_WEBHOOK_URL is set (deliveries are signed)');
  }
  if (env.AIR_WEBHOOK_RETRY_BASE_MS > env.AIR_WEBHOOK_RETRY_MAX_MS) {
    problems.push('AIR_WEBHOOK_RETRY_BASE_MS must not be above AIR_WEBHOOK_RETRY_MAX_MS');
  }
  if (env.AIR_METRICS_PORT !== undefined && env.AIR_METRICS_PORT !== 0 && env.AIR_METRICS_PORT === env.AIR_HTTP_PORT) {
    problems.push('AIR_METRICS_PORT must differ from AIR_HTTP_PORT (metrics have a listener of their own)');
  }
  if (env.AIR_METRICS_TOKEN !== undefined && env.AIR_METRICS_TOKEN === env.AIR_API_KEY) {
    problems.push('AIR_METRICS_TOKEN and AIR_API_KEY must differ (a scraper must not hold the bank key)');
  }
  if ((env.AIR_TURN_URLS === undefined) !== (env.AIR_TURN_SECRET === undefined)) {
    problems.push('AIR_TURN_URLS and AIR_TURN_SECRET go together (the credentials are derived from the secret)');
  }
  if (env.AIR_ICE_TRANSPORT_POLICY === 'relay' && env.AIR_TURN_URLS === undefined) {
    problems.push('AIR_ICE_TRANSPORT_POLICY=relay needs AIR_TURN_URLS (without TURN no media could flow)');
  }
  if (env.AIR_TOKEN_SECRET === env.AIR_API_KEY) problems.push('AIR_TOKEN_SECRET and AIR_API_KEY must differ');
  if ((env.AIR_PDF_SIGNING_CERT_FILE === undefined) !== (env.AIR_PDF_SIGNING_KEY_FILE === undefined)) {
    problems.push('set both AIR_PDF_SIGNING_CERT_FILE and AIR_PDF_SIGNING_KEY_FILE, or neither');
  }
  if (env.AIR_RECORDING_PORT_MIN + 1 > env.AIR_RECORDING_PORT_MAX) {
    problems.push('AIR_RECORDING_PORT_MAX must be above AIR_RECORDING_PORT_MIN (ffmpeg needs RTP/RTCP port pairs)');
  } else if (env.AIR_RECORDING_PORT_MIN <= env.AIR_RTC_MAX_PORT && env.AIR_RTC_MIN_PORT <= env.AIR_RECORDING_PORT_MAX) {
    problems.push(
      'AIR_RECORDING_PORT_MIN..MAX must not overlap AIR_RTC_MIN_PORT..AIR_RTC_MAX_PORT (mediasoup binds those)',
    );
  }
  if (env.AIR_EVIDENCE_STORE === 's3' && env.AIR_S3_BUCKET === undefined) {
    problems.push('AIR_S3_BUCKET is required when AIR_EVIDENCE_STORE=s3');
  }
  if (env.AIR_SPEECH_ELDERLY_RATE_WPM > env.AIR_SPEECH_RATE_WPM) {
    problems.push('AIR_SPEECH_ELDERLY_RATE_WPM must not be above AIR_SPEECH_RATE_WPM (elderly mode speaks slower)');
  }
  if (env.AIR_NODE_DEAD_AFTER_MS < 2 * env.AIR_NODE_HEARTBEAT_MS) {
    problems.push('AIR_NODE_DEAD_AFTER_MS must be at least twice AIR_NODE_HEARTBEAT_MS (one late beat is not a death)');
  }
  if (env.AIR_DATABASE_URL !== undefined && env.AIR_SIGNING_KEY_FILE === undefined) {
    problems.push(
      'AIR_SIGNING_KEY_FILE is required when AIR_DATABASE_URL is set: every node signs packages with the same key',
    );
  }
  if (env.AIR_DATABASE_URL !== undefined && !/^[A-Za-z0-9._-]+$/.test(env.AIR_NODE_ID)) {
    problems.push('AIR_NODE_ID may hold only letters, digits and ._- when AIR_DATABASE_URL is set (it names a node)');
  }
  return problems;
}

function toConfig(env: ParsedEnv): AirConfig {
  return {
    http: { host: env.AIR_HTTP_HOST, port: env.AIR_HTTP_PORT, maxJsonBodyBytes: env.AIR_HTTP_MAX_JSON_BYTES },
    auth: {
      tokenSecret: new Secret(env.AIR_TOKEN_SECRET),
      tokenIssuer: env.AIR_TOKEN_ISSUER,
      apiKey: new Secret(env.AIR_API_KEY),
      joinTokenTtlSeconds: env.AIR_JOIN_TOKEN_TTL_SECONDS,
      maxTokenTtlSeconds: env.AIR_MAX_TOKEN_TTL_SECONDS,
      clockSkewSeconds: env.AIR_TOKEN_CLOCK_SKEW_S,
      expiryGraceSeconds: env.AIR_TOKEN_EXPIRY_GRACE_S,
    },
    media: {
      workers: env.AIR_WORKERS ?? availableParallelism(),
      workerLogLevel: env.AIR_WORKER_LOG_LEVEL,
      workerBin: env.AIR_MEDIASOUP_WORKER_BIN,
      listenIp: env.AIR_LISTEN_IP,
      announcedAddress: env.AIR_ANNOUNCED_ADDRESS,
      rtcMinPort: env.AIR_RTC_MIN_PORT,
      rtcMaxPort: env.AIR_RTC_MAX_PORT,
      enableUdp: env.AIR_ENABLE_UDP,
      enableTcp: env.AIR_ENABLE_TCP,
      initialAvailableOutgoingBitrate: env.AIR_INITIAL_OUTGOING_BITRATE,
      maxIncomingBitrate: env.AIR_MAX_INCOMING_BITRATE,
      videoCodecs: [...new Set(env.AIR_VIDEO_CODECS)],
    },
    signaling: {
      heartbeatIntervalMs: env.AIR_HEARTBEAT_MS,
      reconnectGraceMs: env.AIR_RECONNECT_GRACE_MS,
      heartbeatMaxMissed: env.AIR_HEARTBEAT_MAX_MISSED,
      rateLimitPerSecond: env.AIR_RATE_LIMIT_PER_SECOND,
      rateLimitBurst: env.AIR_RATE_LIMIT_BURST,
      maxBadMessages: env.AIR_MAX_BAD_MESSAGES,
    },
    sessions: {
      retentionSeconds: env.AIR_SESSION_RETENTION_SECONDS,
      idleTimeoutSeconds: env.AIR_SESSION_IDLE_TIMEOUT_S,
    },
    liveness: {
      // One core stays with the event loop (signaling, REST) and the media workers.
      workers: env.AIR_LIVENESS_WORKERS ?? Math.max(1, availableParallelism() - 1),
      warmUp: env.AIR_LIVENESS_WARM_UP,
      maxAttempts: env.AIR_LIVENESS_MAX_ATTEMPTS,
      maxFrameBytes: env.AIR_LIVENESS_MAX_FRAME_BYTES,
      maxFramePixels: env.AIR_LIVENESS_MAX_FRAME_PIXELS,
    },
    journeys: {
      maxActions: env.AIR_JOURNEY_MAX_ACTIONS,
      maxDefinitions: env.AIR_JOURNEY_MAX_DEFINITIONS,
      maxDefinitionBytes: env.AIR_JOURNEY_MAX_DEFINITION_BYTES,
    },
    dataDir: resolve(env.AIR_DATA_DIR),
    store: {
      databaseUrl: env.AIR_DATABASE_URL === undefined ? undefined : new Secret(env.AIR_DATABASE_URL),
      pgliteDir: resolve(defaultPgliteDir(env.AIR_DATA_DIR)),
      pgliteSeedDir: undefined,
      poolSize: env.AIR_DATABASE_POOL_SIZE,
      statementTimeoutMs: env.AIR_DATABASE_STATEMENT_TIMEOUT_MS,
      pruneIntervalSeconds: env.AIR_STORE_PRUNE_INTERVAL_SECONDS,
      nodeId: env.AIR_NODE_ID,
    },
    nodes: {
      enabled: env.AIR_DATABASE_URL !== undefined,
      id: env.AIR_NODE_ID,
      publicUrl: env.AIR_PUBLIC_URL?.replace(/\/+$/, ''),
      capacity: env.AIR_NODE_CAPACITY,
      heartbeatMs: env.AIR_NODE_HEARTBEAT_MS,
      deadAfterMs: env.AIR_NODE_DEAD_AFTER_MS,
    },
    evidence: {
      dir: resolve(env.AIR_EVIDENCE_DIR ?? join(env.AIR_DATA_DIR, 'evidence')),
      signingKeyFile: resolve(env.AIR_SIGNING_KEY_FILE ?? join(env.AIR_DATA_DIR, 'keys', 'evidence-signing-key.pem')),
      retiredKeyFiles: (env.AIR_SIGNING_RETIRED_KEY_FILES ?? '')
        .split(',')
        .map((file) => file.trim())
        .filter((file) => file !== '')
        .map((file) => resolve(file)),
      generateSigningKey: env.AIR_SIGNING_KEY_FILE === undefined,
      accessLogMaxFileBytes: env.AIR_ACCESS_LOG_MAX_FILE_BYTES,
      accessLogNode: env.AIR_DATABASE_URL === undefined ? undefined : env.AIR_NODE_ID,
      s3: env.AIR_EVIDENCE_STORE === 's3' ? s3Settings(env) : undefined,
    },
    recording: {
      ...DEFAULT_RECORDING_SETTINGS,
      consentPolicy: env.AIR_RECORDING_CONSENT_POLICY,
      consentDecline: env.AIR_RECORDING_CONSENT_DECLINE,
      ffmpegPath: env.AIR_FFMPEG_PATH,
      ffprobePath: env.AIR_FFPROBE_PATH,
      portMin: env.AIR_RECORDING_PORT_MIN,
      portMax: env.AIR_RECORDING_PORT_MAX,
      stallTimeoutS: env.AIR_RECORDING_STALL_TIMEOUT_S,
      stallGapMs: env.AIR_RECORDING_STALL_GAP_MS,
      monitorIntervalMs: env.AIR_RECORDING_MONITOR_INTERVAL_MS,
      minCustomerHeight: env.AIR_RECORDING_MIN_CUSTOMER_HEIGHT,
      maxTrackStarts: env.AIR_RECORDING_MAX_TRACK_STARTS,
      trackStartWindowMs: env.AIR_RECORDING_TRACK_START_WINDOW_S * 1000,
      maxFfmpegPerSession: env.AIR_RECORDING_MAX_FFMPEG_PER_SESSION,
      finalizeConcurrency: env.AIR_RECORDING_FINALIZE_CONCURRENCY,
    },
    speech: {
      espeakPath: env.AIR_ESPEAK_PATH,
      rateWpm: env.AIR_SPEECH_RATE_WPM,
      elderlyRateWpm: env.AIR_SPEECH_ELDERLY_RATE_WPM,
      maxTextChars: env.AIR_SPEECH_MAX_TEXT_CHARS,
      maxAudioS: env.AIR_SPEECH_MAX_AUDIO_S,
      renderConcurrency: env.AIR_SPEECH_RENDER_CONCURRENCY,
      renderTimeoutMs: env.AIR_SPEECH_RENDER_TIMEOUT_MS,
      cacheDir: resolve(env.AIR_SPEECH_CACHE_DIR ?? join(env.AIR_DATA_DIR, 'speech-cache')),
      cacheMaxBytes: env.AIR_SPEECH_CACHE_MAX_BYTES,
      recordingsDir: env.AIR_SPEECH_RECORDINGS_DIR === undefined ? undefined : resolve(env.AIR_SPEECH_RECORDINGS_DIR),
      maxRecordingBytes: env.AIR_SPEECH_MAX_RECORDING_BYTES,
      maxRepeats: env.AIR_SPEECH_MAX_REPEATS,
    },
    stills: { maxPerSession: env.AIR_STILL_MAX_PER_SESSION, timeoutMs: env.AIR_STILL_TIMEOUT_MS },
    authorization: {
      maxPendingPerSession: env.AIR_AUTHZ_MAX_PENDING_PER_SESSION,
      presenceSeconds: env.AIR_AUTHZ_PRESENCE_S,
      sweepIntervalMs: env.AIR_AUTHZ_SWEEP_INTERVAL_MS,
      joinTokenTtlSeconds: env.AIR_JOIN_TOKEN_TTL_SECONDS,
    },
    signing: {
      maxDocumentBytes: env.AIR_DOCUMENT_MAX_BYTES,
      maxDocumentsPerSession: env.AIR_DOCUMENT_MAX_PER_SESSION,
      maxPageReports: env.AIR_DOCUMENT_MAX_PAGE_REPORTS,
      maxSignatureAttempts: env.AIR_SIGNATURE_MAX_ATTEMPTS,
      minimum: {
        points: env.AIR_SIGNATURE_MIN_POINTS,
        widthShare: env.AIR_SIGNATURE_MIN_WIDTH_PERCENT / 100,
        inkLengthShare: env.AIR_SIGNATURE_MIN_INK_PERCENT / 100,
      },
      pdfCertificateFile:
        env.AIR_PDF_SIGNING_CERT_FILE === undefined ? undefined : resolve(env.AIR_PDF_SIGNING_CERT_FILE),
      pdfKeyFile: env.AIR_PDF_SIGNING_KEY_FILE === undefined ? undefined : resolve(env.AIR_PDF_SIGNING_KEY_FILE),
      pdfContactInfo: env.AIR_PDF_SIGNING_CONTACT,
      pdfLocation: env.AIR_PDF_SIGNING_LOCATION,
    },
    shutdownTimeoutMs: env.AIR_SHUTDOWN_TIMEOUT_MS,
    logLevel: env.AIR_LOG_LEVEL,
    webhooks: {
      url: env.AIR_WEBHOOK_URL,
      secret: env.AIR_WEBHOOK_SECRET === undefined ? undefined : new Secret(env.AIR_WEBHOOK_SECRET),
      timeoutMs: env.AIR_WEBHOOK_TIMEOUT_MS,
      maxAttempts: env.AIR_WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: env.AIR_WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: env.AIR_WEBHOOK_RETRY_MAX_MS,
      concurrency: env.AIR_WEBHOOK_CONCURRENCY,
      pollIntervalMs: env.AIR_WEBHOOK_POLL_INTERVAL_MS,
      retentionSeconds: env.AIR_WEBHOOK_RETENTION_SECONDS,
    },
    metrics: {
      host: env.AIR_METRICS_HOST,
      port: env.AIR_METRICS_PORT,
      token: env.AIR_METRICS_TOKEN === undefined ? undefined : new Secret(env.AIR_METRICS_TOKEN),
    },
    ice: {
      stunUrls: env.AIR_STUN_URLS ?? [],
      turnUrls: env.AIR_TURN_URLS ?? [],
      turnSecret: env.AIR_TURN_SECRET === undefined ? undefined : new Secret(env.AIR_TURN_SECRET),
      turnCredentialTtlSeconds: env.AIR_TURN_CREDENTIAL_TTL_S,
      transportPolicy: env.AIR_ICE_TRANSPORT_POLICY,
    },
  };
}

function s3Settings(env: ParsedEnv): S3StoreSettings {
  const prefix = env.AIR_S3_PREFIX ?? '';
  return {
    bucket: env.AIR_S3_BUCKET ?? '',
    // Keys are `<prefix>sessions/...`: a prefix names a folder, so it ends with a slash.
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    region: env.AIR_S3_REGION,
    endpoint: env.AIR_S3_ENDPOINT,
    forcePathStyle: env.AIR_S3_FORCE_PATH_STYLE,
    retentionDays: env.AIR_S3_RETENTION_DAYS,
    allowNoObjectLock: env.AIR_S3_ALLOW_NO_OBJECT_LOCK,
    partBytes: env.AIR_S3_PART_BYTES,
  };
}

/**
 * Builds the configuration from environment variables (pure: reads only
 * `env`). Throws {@link ConfigError} listing every invalid variable; the
 * messages name variables and rules, never the values (they may be secrets).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AirConfig {
  // An empty variable counts as unset (`AIR_WORKERS=` in a .env file).
  const present = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name.startsWith('AIR_') && value !== undefined && value !== ''),
  );
  const result = v.safeParse(ENV_SCHEMA, present, { abortPipeEarly: true });
  if (!result.success) {
    throw new ConfigError(
      result.issues.map((issue) => {
        const name = issue.path?.map((item) => String(item.key)).join('.') ?? 'environment';
        // valibot's messages end with "(but) received <value>": drop it, the value may be a secret.
        const rule =
          issue.received === 'undefined' ? 'is required' : issue.message.replace(/[:,]?\s*(but )?received .*$/is, '');
        return `${name}: ${rule.trim()}`;
      }),
    );
  }
  const problems = crossFieldProblems(result.output);
  if (problems.length > 0) throw new ConfigError(problems);
  return toConfig(result.output);
}

/** A one-line-per-setting description safe to log: secrets show as `[redacted]`. */
export function describeConfig(config: AirConfig): Record<string, unknown> {
  return JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/**
 * A valid configuration for tests: fresh random secrets, loopback addresses,
 * an ephemeral HTTP port, one worker and a throw-away data directory.
 */
export function configForTests(overrides: DeepPartial<AirConfig> = {}): AirConfig {
  const base = loadConfig({
    AIR_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    AIR_API_KEY: randomBytes(24).toString('base64url'),
    AIR_HTTP_PORT: '0',
    AIR_WORKERS: '1',
    AIR_LIVENESS_WORKERS: '1',
    // Test servers load the face models when a test first needs them, not each at start-up.
    AIR_LIVENESS_WARM_UP: 'false',
    AIR_RTC_MIN_PORT: '20000',
    AIR_RTC_MAX_PORT: '59999',
    AIR_RECORDING_PORT_MIN: '60000',
    AIR_RECORDING_PORT_MAX: '60999',
    AIR_DATA_DIR: join(tmpdir(), `aircounter-test-${randomBytes(6).toString('hex')}`),
    AIR_LOG_LEVEL: process.env['AIR_TEST_LOG_LEVEL'] ?? 'silent',
  });
  // Every test server gets a fresh embedded database: a copy of one shared, initialized directory (initdb is slow).
  const withSeed = mergeDeep(base, { store: { pgliteSeedDir: sharedPgliteSeedDir() } });
  return mergeDeep(withSeed, overrides);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Secret);
}

function mergeDeep<T>(base: T, overrides: DeepPartial<T>): T {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeDeep(current, value) : value;
  }
  return merged as T;
}
