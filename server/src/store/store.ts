import { join } from 'node:path';
import type { Secret } from '../secret.ts';
import { AuthorizationRequestRepository } from './authorization-requests-repository.ts';
import { AuthorizationRulesRepository } from './authorization-rules-repository.ts';
import { AuthorizerRepository } from './authorizers-repository.ts';
import type { Db } from './db.ts';
import { DocumentRepository } from './documents-repository.ts';
import { EvidencePackageRepository } from './evidence-packages-repository.ts';
import { EvidenceSealRepository } from './evidence-seals-repository.ts';
import { IdPhotoRepository } from './id-photos-repository.ts';
import { JoinTokenRepository } from './join-tokens-repository.ts';
import { JourneyDefinitionRepository } from './journey-definitions-repository.ts';
import { migrate } from './migrate.ts';
import { NodeRepository } from './nodes-repository.ts';
import { openPgliteDb } from './pglite-db.ts';
import { openPostgresDb } from './postgres-db.ts';
import { RecordingIntentRepository } from './recording-intents-repository.ts';
import { SessionJourneyRepository } from './session-journeys-repository.ts';
import { SessionRepository } from './sessions-repository.ts';
import { WebhookOutboxRepository } from './webhook-outbox-repository.ts';

export interface StoreConfig {
  /** External PostgreSQL (`AIR_DATABASE_URL`); the embedded engine in `pgliteDir` when absent. */
  readonly databaseUrl: Secret | undefined;
  /** Where the embedded database lives (`<AIR_DATA_DIR>/db`). Absolute. */
  readonly pgliteDir: string;
  /** An initialized embedded database copied into an empty `pgliteDir` instead of initdb (tests only). */
  readonly pgliteSeedDir: string | undefined;
  /** PostgreSQL connections this node keeps at most. */
  readonly poolSize: number;
  /** Longest a statement may run (and a connection may take to open), ms. */
  readonly statementTimeoutMs: number;
  /** How often expired token ids and long-ended sessions are deleted, s. */
  readonly pruneIntervalSeconds: number;
  /** This server's name in the store (claims it makes, e.g. evidence seals). */
  readonly nodeId: string;
}

/** The embedded database's directory for a data directory. */
export function defaultPgliteDir(dataDir: string): string {
  return join(dataDir, 'db');
}

/**
 * All durable server state: one repository per aggregate over one database.
 * A feature that adds state adds a migration (migrations.ts), a repository
 * module beside these, and a field here.
 */
export interface Store {
  readonly db: Db;
  /** This server's name in claims it makes. */
  readonly nodeId: string;
  readonly sessions: SessionRepository;
  /** The nodes sharing this database and session placement (used only with an external PostgreSQL). */
  readonly nodes: NodeRepository;
  readonly joinTokens: JoinTokenRepository;
  readonly idPhotos: IdPhotoRepository;
  readonly evidenceSeals: EvidenceSealRepository;
  /** One summary per evidence package: what the auditor API lists (server/src/evidence/evidence-index.ts). */
  readonly evidencePackages: EvidencePackageRepository;
  /** Webhook events waiting for, or done with, delivery to the bank (server/src/webhooks). */
  readonly webhooks: WebhookOutboxRepository;
  readonly journeyDefinitions: JourneyDefinitionRepository;
  readonly sessionJourneys: SessionJourneyRepository;
  /** Remote authorization: the bank's rule versions, authorizers at the desk, requests with their votes. */
  readonly authorizationRules: AuthorizationRulesRepository;
  readonly authorizers: AuthorizerRepository;
  readonly authorizationRequests: AuthorizationRequestRepository;
  /** Documents to sign and signature attempts (server/src/signing). */
  readonly documents: DocumentRepository;
  /** Whether each session's recording is wanted: what resumes it after a restart (server/src/recording). */
  readonly recordingIntents: RecordingIntentRepository;
  close(): Promise<void>;
}

/** The repositories over an open, migrated database. */
export function storeOver(db: Db, nodeId: string, now: () => number = Date.now): Store {
  return {
    db,
    nodeId,
    sessions: new SessionRepository(db, now),
    nodes: new NodeRepository(db, now),
    joinTokens: new JoinTokenRepository(db, now),
    idPhotos: new IdPhotoRepository(db, now),
    evidenceSeals: new EvidenceSealRepository(db, now),
    evidencePackages: new EvidencePackageRepository(db),
    webhooks: new WebhookOutboxRepository(db, now),
    journeyDefinitions: new JourneyDefinitionRepository(db, now),
    sessionJourneys: new SessionJourneyRepository(db, now),
    authorizationRules: new AuthorizationRulesRepository(db, now),
    authorizers: new AuthorizerRepository(db, now),
    authorizationRequests: new AuthorizationRequestRepository(db),
    documents: new DocumentRepository(db, now),
    recordingIntents: new RecordingIntentRepository(db, now),
    close: () => db.close(),
  };
}

/** Opens the configured database, brings its schema up to date and returns the store. */
export async function openStore(config: StoreConfig, now: () => number = Date.now): Promise<Store> {
  const db =
    config.databaseUrl === undefined
      ? await openPgliteDb(config.pgliteDir, { seedDir: config.pgliteSeedDir })
      : await openPostgresDb({
          url: config.databaseUrl.reveal(),
          poolSize: config.poolSize,
          statementTimeoutMs: config.statementTimeoutMs,
          connectTimeoutMs: config.statementTimeoutMs,
        });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return storeOver(db, config.nodeId, now);
}
