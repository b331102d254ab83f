import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { AirError } from '@aircounter/protocol';
import { TokenService } from './auth/tokens.ts';
import type { AirConfig } from './config.ts';
import { lockDirectories, type DirectoryLock } from './data-dir-lock.ts';
import { createEvidenceService } from './evidence/create-evidence.ts';
import { reconcileEvidenceIndex } from './evidence/index-reconcile.ts';
import { RecordingService } from './recording/service.ts';
import { StillGrabber } from './media/still.ts';
import { AuthorizationService } from './authorization/service.ts';
import { startAuthorizationSweeper } from './authorization/sweeper.ts';
import { registerAuthorizationAdminRoutes } from './http/authorization-admin.ts';
import { registerDeskRoutes } from './http/desk.ts';
import { connectSessionEvidence } from './evidence/session-bridge.ts';
import { sealSessionsOnEnd } from './evidence/seal-on-end.ts';
import { registerAuditorTokenRoutes } from './http/auditor-tokens.ts';
import { registerDocumentRoutes } from './http/documents.ts';
import { registerEvidenceRoutes } from './http/evidence/routes.ts';
import { registerHealthRoutes } from './http/health.ts';
import { registerIdPhotoRoute } from './http/id-photo.ts';
import { registerJourneyRoutes } from './http/journeys.ts';
import { sendError } from './http/respond.ts';
import { HttpRouter } from './http/router.ts';
import { registerSessionRoutes } from './http/sessions.ts';
import { registerTokenRoutes } from './http/tokens.ts';
import { registerWebhookRoutes } from './http/webhooks.ts';
import { createLivenessService, type LivenessSettings } from './liveness/create-liveness.ts';
import { ConfirmationService } from './journeys/confirmation-service.ts';
import { JourneyService } from './journeys/journey-service.ts';
import { createBankAuthenticator, type BankAuthentication } from './auth/bank-auth.ts';
import { createLogger, type Logger } from './log.ts';
import { startMetricsListener, type MetricsListener } from './metrics/listener.ts';
import { ServerMetrics } from './metrics/server-metrics.ts';
import { IdleSessionCloser } from './media/idle-sessions.ts';
import { RoomRegistry } from './media/rooms.ts';
import { WorkerPool } from './media/worker-pool.ts';
import type { AirServices } from './services.ts';
import { SessionRegistry } from './sessions.ts';
import { Cluster } from './nodes/cluster.ts';
import { createSpeechService } from './speech/create-speech.ts';
import type { SpeechVerifier } from './speech/verifier.ts';
import { createSigningService } from './signing/create-signing.ts';
import { HANDLERS, type HandlerTable } from './signaling/handlers/index.ts';
import { SignalingServer } from './signaling/server.ts';
import { startStorePruning } from './store/prune.ts';
import { openStore, type Store } from './store/store.ts';
import { startWebhooks } from './webhooks/service.ts';

export type ShutdownHook = () => Promise<void> | void;

export interface AirServerOptions {
  /** Defaults to a JSON-lines logger on stdout at `config.logLevel`. */
  readonly log?: Logger;
  /** Signaling handlers; defaults to the full table (tests may add their own). */
  readonly handlers?: HandlerTable;
  /** Liveness settings (tests fix the challenge sequence; the evidence service provides signer and sink). */
  readonly liveness?: LivenessSettings;
  /**
   * The bank's speech model for voice confirmations (docs/speech.md, "Voice confirmations"). Without one,
   * journey steps are confirmed by tap, nod or shake, and a voice confirmation is CONFIRMATION_UNAVAILABLE.
   */
  readonly speechVerifier?: SpeechVerifier;
  /**
   * The bank's own check of its back end's REST calls (client certificate, a
   * JWT of its identity provider…) instead of the API key; see docs/bank-backend.md.
   */
  readonly bankAuthentication?: BankAuthentication;
}

export interface AirServer {
  readonly config: AirConfig;
  readonly log: Logger;
  readonly services: AirServices;
  readonly signaling: SignalingServer;
  /** Serves the request if it is ours (REST, health) and returns true; false leaves it to the host app. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes the upgrade if it is for `/signaling` and returns true; false leaves it to the host app. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Where `GET /metrics` is served (AIR_METRICS_HOST/PORT); undefined when metrics are off. */
  readonly metricsAddress: AddressInfo | undefined;
  /** Starts a node:http server of its own (404 for anything not ours). */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Registers work to do at shutdown after rooms ended (e.g. finalize recordings). Run in order. */
  onShutdown(hook: ShutdownHook): void;
  /**
   * Graceful shutdown: stop accepting (sockets and new sessions), end every
   * live session (peers get `sessionEnded {reason: 'server-shutdown'}`), run
   * the shutdown hooks (recordings finalized, packages sealed), stop the
   * media workers, release the data directory. Ends within
   * `config.shutdownTimeoutMs` even while clients stay connected: past it,
   * the remaining hooks are abandoned (their packages are sealed incomplete
   * at the next start) and every connection is closed. Resolves `true` when
   * everything finished in time. Idempotent.
   */
  close(): Promise<boolean>;
}

/**
 * Builds every service of the AirCounter server (docs/architecture.md,
 * "Server composition"). Mountable: a host app can route requests and
 * upgrades through `handleRequest` / `handleUpgrade` beside its own.
 */
export async function createAirServer(config: AirConfig, options: AirServerOptions = {}): Promise<AirServer> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  // One server per data directory: taken before anything (recovery above all) reads or writes in it. Several
  // nodes share one evidence directory (each writes only the logs of the sessions it hosts): only theirs is locked.
  const lock = await lockDirectories(config.nodes.enabled ? [config.dataDir] : [config.dataDir, config.evidence.dir]);
  let store: Store | undefined;
  try {
    // Then the store: every other service reads or writes it, and a database that cannot be reached stops start-up.
    store = await openStore(config.store);
    log.info('store open', { engine: store.db.engine, nodeId: store.nodeId });
    return await assemble(config, options, log, store, lock);
  } catch (error) {
    await store?.close();
    await lock.release();
    throw error;
  }
}

async function assemble(
  config: AirConfig,
  options: AirServerOptions,
  log: Logger,
  store: Store,
  lock: DirectoryLock,
): Promise<AirServer> {
  const workers = await WorkerPool.start(config.media, log.child({ component: 'workers' }));
  // Several nodes share the database (an external PostgreSQL): placement, routing, ends made through another node.
  const cluster = config.nodes.enabled
    ? new Cluster({
        config: config.nodes,
        nodes: store.nodes,
        sessions: store.sessions,
        db: store.db,
        log: log.child({ component: 'nodes' }),
        onEndClaimed: (session) => sessions.announceClaimedEnd(session),
      })
    : undefined;
  const sessions = new SessionRegistry(store.sessions, cluster);
  const rooms = new RoomRegistry({ sessions, workers, log: log.child({ component: 'rooms' }) });
  const metrics = new ServerMetrics(log.child({ component: 'metrics' }));
  metrics.watchWorkers(workers);
  metrics.watchSessions(sessions);
  metrics.watchRooms(rooms);
  const idle = new IdleSessionCloser({
    sessions,
    rooms,
    idleTimeoutSeconds: config.sessions.idleTimeoutSeconds,
    log: log.child({ component: 'sessions' }),
  });
  const tokens = new TokenService({
    secret: config.auth.tokenSecret,
    issuer: config.auth.tokenIssuer,
    clockSkewSeconds: config.auth.clockSkewSeconds,
  });
  const http = new HttpRouter(log.child({ component: 'http' }));
  const evidence = await createEvidenceService(
    config.evidence,
    log.child({ component: 'evidence' }),
    store.evidencePackages,
  );
  // Before anything appends evidence: every entry the bank hears about must reach the outbox.
  const webhooks = await startWebhooks({
    config: config.webhooks,
    store,
    evidence,
    log: log.child({ component: 'webhooks' }),
  });
  metrics.watchEvidence(evidence);
  metrics.watchWebhooks(webhooks.dispatcher, store.webhooks);
  connectSessionEvidence({ sessions, rooms, evidence, log: log.child({ component: 'evidence' }) });
  // Liveness decisions are signed with the evidence key and logged into the session's evidence.
  const liveness = createLivenessService(
    {
      log: log.child({ component: 'liveness' }),
      rooms,
      sessions,
      signer: evidence.keys,
      config: config.liveness,
      idPhotos: store.idPhotos,
    },
    { evidence, ...options.liveness },
  );
  const recording = new RecordingService({
    evidence,
    settings: config.recording,
    log: log.child({ component: 'recording' }),
    // A recording running when the server stops resumes after the restart.
    intents: store.recordingIntents,
    // A gap in the recording interrupts the journey step that needs it.
    published: (room, status) => {
      journeys.recordingChanged(room, status).catch((error: unknown) => {
        log.error('journey not told about the recording', { sessionId: room.sessionId, error });
      });
    },
  });
  const speech = createSpeechService({
    settings: config.speech,
    evidence,
    rooms,
    recording,
    log: log.child({ component: 'speech' }),
  });
  const journeys: JourneyService = new JourneyService({
    definitions: store.journeyDefinitions,
    journeys: store.sessionJourneys,
    sessions,
    rooms,
    evidence,
    config: config.journeys,
    log: log.child({ component: 'journeys' }),
    giveConsent: (room, peerId, consent) => recording.giveConsent(room, peerId, consent),
    speak: (sessionId, text) => speech.play(sessionId, text),
    confirmations: { verified: (sessionId, peerId, id) => confirmations.verified(sessionId, peerId, id) },
  });
  // Nod and shake are re-measured by the liveness models; voice by the bank's verifier, when it gave one.
  const confirmations: ConfirmationService = new ConfirmationService({
    view: (sessionId) => journeys.view(sessionId),
    evidence,
    log: log.child({ component: 'journeys' }),
    gestures: liveness,
    ...(options.speechVerifier === undefined ? {} : { speechVerifier: options.speechVerifier }),
  });
  sessions.on('ended', (session) => confirmations.forgetSession(session.id));
  // Recordings a killed server left behind are finished before anything else touches their sessions.
  // Several nodes share the evidence directory: a live node's session is its own to finish, a dead node's goes to
  // the node that takes the session over, or that seals it once it has ended.
  await recording.recover(evidence, async (sessionId) => {
    const session = cluster === undefined ? undefined : await sessions.get(sessionId);
    if (cluster === undefined || session === undefined) return true;
    if (session.nodeId === undefined || session.nodeId === cluster.nodeId) return true;
    return session.status === 'ended' && !(await cluster.isAlive(session.nodeId));
  });
  rooms.on('roomCreated', (room) => recording.recorderFor(room));
  const authorization = new AuthorizationService({
    store,
    evidence,
    sessions,
    rooms,
    tokens,
    ...(cluster === undefined ? {} : { route: cluster.route.bind(cluster) }),
    settings: config.authorization,
    log: log.child({ component: 'authorization' }),
  });
  const stopAuthorizationSweeper = startAuthorizationSweeper({
    authorization,
    intervalMs: config.authorization.sweepIntervalMs,
    log: log.child({ component: 'authorization' }),
  });
  const stills = new StillGrabber({
    evidence,
    recording,
    settings: config.stills,
    log: log.child({ component: 'stills' }),
  });
  const signing = await createSigningService({
    settings: config.signing,
    documents: store.documents,
    evidence,
    stills,
    log: log.child({ component: 'signing' }),
  });
  const sealing = sealSessionsOnEnd({
    sessions,
    seals: store.evidenceSeals,
    nodeId: store.nodeId,
    rooms,
    recording,
    evidence,
    journeys,
    log: log.child({ component: 'evidence' }),
    onSealed: (seconds, complete) => metrics.sealed(seconds, complete),
    ...(cluster === undefined
      ? {}
      : {
          sealedElsewhere: async (session) =>
            session.endHandledBy === undefined ||
            (session.endHandledBy !== cluster.nodeId && (await cluster.isAlive(session.endHandledBy))),
        }),
  });
  await sealing.sealLeftovers();
  // In the background: listing every package can take a while on a large store; the list fills as it goes.
  const reconciling: Promise<void> = reconcileEvidenceIndex(
    evidence,
    store.evidencePackages,
    log.child({ component: 'evidence' }),
  ).then(
    () => undefined,
    (error: unknown) => log.error('evidence index not rebuilt; retried at the next start', { error }),
  );
  // Sessions an earlier run left open are idle until their participants rejoin.
  idle.watchOpen(
    (await sessions.listOpen()).filter((session) => sessions.hostsHere(session)).map((session) => session.id),
  );
  const stopPruning = startStorePruning({
    store,
    intervalSeconds: config.store.pruneIntervalSeconds,
    retentionSeconds: config.sessions.retentionSeconds,
    webhookRetentionSeconds: config.webhooks.retentionSeconds,
    log: log.child({ component: 'store' }),
  });
  const services: AirServices = {
    config,
    log,
    store,
    sessions,
    cluster,
    workers,
    rooms,
    tokens,
    http,
    bankAuth: createBankAuthenticator(config.auth.apiKey, options.bankAuthentication),
    liveness,
    evidence,
    recording,
    webhooks,
    metrics,
    journeys,
    confirmations,
    speech,
    stills,
    authorization,
    signing,
  };

  const signaling = new SignalingServer(services, options.handlers ?? HANDLERS);
  const { port: metricsPort } = config.metrics;
  const metricsListener: MetricsListener | undefined =
    metricsPort === undefined
      ? undefined
      : await startMetricsListener({
          config: { ...config.metrics, port: metricsPort },
          metrics,
          log: log.child({ component: 'metrics' }),
        });
  // First speech ends with the rooms: its `speech.stopped` entries are written before any package is sealed.
  // Then recordings end (as `aborted`) and hand their files over before anything seals the evidence.
  // Then every ended session's package is sealed (signed manifest) before the process exits.
  // Then the vision threads (a liveness decision under way is logged before the seal above, or lost with its session).
  // Then every evidence entry under way is durable (the rooms closed above wrote `peer.left` and `room.closed`).
  // Last, webhooks: the events of those seals reach the outbox; deliveries under way stop (retried at the next start).
  const hooks: ShutdownHook[] = [
    () => reconciling,
    () => speech.close(),
    () => recording.shutdown(),
    () => sealing.flush(),
    () => liveness.close(),
    () => evidence.settled(),
    () => webhooks.close(),
  ];
  let httpServer: Server | undefined;
  let closing: Promise<boolean> | undefined;

  registerHealthRoutes(services, () => closing !== undefined);
  registerSessionRoutes(services);
  registerTokenRoutes(services);
  registerAuditorTokenRoutes(services);
  registerAuthorizationAdminRoutes(services);
  registerDeskRoutes(services);
  registerEvidenceRoutes({
    http,
    evidence,
    index: store.evidencePackages,
    verifyAuditorToken: (token) => tokens.verifyAuditorToken(token),
  });
  registerIdPhotoRoute(services);
  registerWebhookRoutes(services);
  registerJourneyRoutes(services);
  registerDocumentRoutes(services);

  const handleRequest = (req: IncomingMessage, res: ServerResponse): boolean => http.handle(req, res);
  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean =>
    signaling.handleUpgrade(req, socket, head);

  const runHooks = async (): Promise<void> => {
    for (const hook of hooks) {
      try {
        await hook();
      } catch (error) {
        log.error('shutdown hook failed', { error });
      }
    }
  };

  const shutdown = async (): Promise<boolean> => {
    log.info('shutting down', { timeoutMs: config.shutdownTimeoutMs });
    idle.stop();
    // Refused from the first moment: nothing new starts while the server goes down.
    signaling.stopAccepting();
    sessions.stopAccepting();
    // Before the store closes: a sweep under way finishes, none starts (another node or the next start takes over).
    await stopAuthorizationSweeper();
    httpServer?.close();
    // Several nodes: the others see this node dead at once; its sessions move when their clients reconnect.
    await cluster?.leave().catch((error: unknown) => log.error('node did not leave the registry', { error }));
    // Sessions are durable: rooms close without ending them (recordings are finalized
    // by the hooks, the packages stay open), and clients reconnect to the restarted server.
    rooms.closeAll('server-shutdown');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), config.shutdownTimeoutMs);
    });
    const finished = (await Promise.race([runHooks().then(() => 'done' as const), deadline])) === 'done';
    clearTimeout(timer);
    if (!finished) {
      log.error('shutdown timed out; exiting with work unfinished (sealed incomplete at the next start)', {
        timeoutMs: config.shutdownTimeoutMs,
      });
    }
    signaling.close();
    workers.close();
    stopPruning();
    // Also when the hooks timed out before theirs: no delivery may outlive the store.
    await webhooks.close();
    await metricsListener?.close();
    await store.close();
    if (httpServer) {
      // Keep-alive and upgraded sockets would otherwise hold close() open for as long as browsers stay.
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => {
        if (!httpServer?.listening) resolve();
        else httpServer.once('close', () => resolve());
      });
    }
    await lock.release();
    log.info('shut down', { complete: finished });
    return finished;
  };

  return {
    config,
    log,
    services,
    signaling,
    handleRequest,
    handleUpgrade,
    metricsAddress: metricsListener?.address,
    onShutdown: (hook) => {
      hooks.push(hook);
    },
    close: () => {
      closing ??= shutdown();
      return closing;
    },
    listen: async (port = config.http.port, host = config.http.host) => {
      if (httpServer) throw new Error('already listening');
      const server = createServer((req, res) => {
        if (!handleRequest(req, res)) sendError(res, new AirError('NOT_FOUND', 'not found'));
      });
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (!handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      });
      httpServer = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
      // Several nodes: placeable once it listens, at the URL clients reach it (before `listening` is logged).
      const reached = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      await cluster?.start(config.nodes.publicUrl ?? `http://${reached}:${address.port}`);
      log.info('listening', { host: address.address, port: address.port });
      if (config.liveness.warmUp) {
        // In the background: the server serves while the threads prepare; a failure only costs the first check time.
        liveness.warmUp().catch((error: unknown) => {
          if (!closing) log.warn('face models not warmed up; the first liveness check loads them', { error });
        });
      }
      return address;
    },
  };
}
