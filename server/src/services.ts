import type { AuthorizationService } from './authorization/service.ts';
import type { BankAuthenticator } from './auth/bank-auth.ts';
import type { TokenService } from './auth/tokens.ts';
import type { AirConfig } from './config.ts';
import type { EvidenceService } from './evidence/evidence-service.ts';
import type { HttpRouter } from './http/router.ts';
import type { ConfirmationService } from './journeys/confirmation-service.ts';
import type { JourneyService } from './journeys/journey-service.ts';
import type { LivenessService } from './liveness/liveness-service.ts';
import type { Logger } from './log.ts';
import type { Cluster } from './nodes/cluster.ts';
import type { ServerMetrics } from './metrics/server-metrics.ts';
import type { RoomRegistry } from './media/rooms.ts';
import type { StillGrabber } from './media/still.ts';
import type { WorkerPool } from './media/worker-pool.ts';
import type { RecordingService } from './recording/service.ts';
import type { SessionRegistry } from './sessions.ts';
import type { SpeechService } from './speech/speech-service.ts';
import type { SigningService } from './signing/signing-service.ts';
import type { Store } from './store/store.ts';
import type { WebhookService } from './webhooks/service.ts';

/**
 * Everything a signaling handler or REST route may use, built once by
 * `createAirServer` (app.ts). Services added by other parts of the server
 * (recording, evidence, liveness) get a field here and are constructed in
 * app.ts beside the others.
 */
export interface AirServices {
  readonly config: AirConfig;
  readonly log: Logger;
  /** Durable state: one repository per aggregate (server/src/store). */
  readonly store: Store;
  /** Sessions (in the store) and their `created`/`activated`/`ended` events. */
  readonly sessions: SessionRegistry;
  /** Several nodes sharing one PostgreSQL: registry, placement, routing (undefined on one node). */
  readonly cluster: Cluster | undefined;
  readonly workers: WorkerPool;
  readonly rooms: RoomRegistry;
  readonly tokens: TokenService;
  readonly http: HttpRouter;
  /** Checks a bank back-end REST call: the API key, or the bank's own authentication (createAirServer option). */
  readonly bankAuth: BankAuthenticator;
  /** Hash-chained event logs, write-once evidence packages, signing keys (server/src/evidence). */
  readonly evidence: EvidenceService;
  /** Liveness challenges, re-verification of evidence frames, face match (server/src/liveness). */
  readonly liveness: LivenessService;
  /** Consent, recording of every producer, recording status (server/src/recording). */
  readonly recording: RecordingService;
  /** Signed event deliveries to the bank from the store's outbox (server/src/webhooks). */
  readonly webhooks: WebhookService;
  /** Prometheus metrics of this node (server/src/metrics); served only when AIR_METRICS_PORT is set. */
  readonly metrics: ServerMetrics;
  /** Scripted journeys: definitions, each session's journey state, the step engine (server/src/journeys). */
  readonly journeys: JourneyService;
  /** Nod, shake and voice confirmations of journey steps, verified by the server (server/src/journeys). */
  readonly confirmations: ConfirmationService;
  /**
   * Speech played into a session (server/src/speech): `play(sessionId, {text, locale, elderly} | {recordingName})`,
   * `replay`, `stop`. Journey steps of kind `disclosure` call it.
   */
  readonly speech: SpeechService;
  /** JPEG stills of a participant's live camera, kept as evidence artifacts (server/src/media/still.ts). */
  readonly stills: StillGrabber;
  /** Remote authorization: rules, requests, routing, the desk, signed decisions (server/src/authorization). */
  readonly authorization: AuthorizationService;
  /** Documents to sign, signature attempts, the signed PDF (server/src/signing). */
  readonly signing: SigningService;
}
