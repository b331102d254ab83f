// Public API of the AirCounter server (for the demo, embedding apps and the CLI).
export { createAirServer, type AirServer, type AirServerOptions, type ShutdownHook } from './app.ts';
export {
  configForTests,
  ConfigError,
  describeConfig,
  loadConfig,
  type AirConfig,
  type AuthConfig,
  type HttpConfig,
  type MediaConfig,
  type SignalingConfig,
  type WebhookConfig,
} from './config.ts';
export { createLogger, redact, silentLogger, type Logger, type LogFields } from './log.ts';
export { Secret } from './secret.ts';
export {
  EVIDENCE_AUDIENCE,
  LIVE_ROLES,
  SIGNALING_AUDIENCE,
  TokenService,
  type AuditorClaims,
  type IssuedToken,
  type JoinClaims,
  type LiveRole,
} from './auth/tokens.ts';
export { bearerCredential, requireApiKey, secretsEqual } from './auth/api-key.ts';
export {
  API_KEY_CALLER,
  createBankAuthenticator,
  type BankAuthentication,
  type BankAuthenticator,
  type BankCaller,
  type BankRequest,
} from './auth/bank-auth.ts';
export { verifyAuditorRequest } from './auth/auditor.ts';
export { SessionRegistry, type Session, type SessionStatus } from './sessions.ts';
export {
  migrate,
  MIGRATIONS,
  openStore,
  storeOver,
  type Db,
  type Migration,
  type Queryable,
  type Store,
  type StoreConfig,
} from './store/index.ts';
export { Room, type RoomEvents, type PeerLeftReason } from './media/room.ts';
export { Peer } from './media/peer.ts';
export { RoomRegistry } from './media/rooms.ts';
export { WorkerPool } from './media/worker-pool.ts';
export { HttpRouter, type RouteHandler, type RouteRequest } from './http/router.ts';
export { readBody, readJson } from './http/body.ts';
export { sendError, sendJson, sendNoContent } from './http/respond.ts';
export { HANDLERS, type HandlerTable } from './signaling/handlers/index.ts';
export { joined, type Handler, type HandlerContext, type Membership } from './signaling/context.ts';
export { SIGNALING_PATH } from './signaling/server.ts';
export type { AirServices } from './services.ts';
export {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  signWebhook,
  verifyWebhook,
  WEBHOOK_HEADERS,
  WEBHOOK_REFUSALS,
  WebhookVerificationError,
  type VerifyWebhookOptions,
  type WebhookRefusal,
} from './webhooks/signature.ts';
export {
  parseWebhookEnvelope,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_EVENTS,
  WebhookEnvelope,
  type WebhookEventData,
  type WebhookEventType,
} from './webhooks/events.ts';
