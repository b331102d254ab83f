// The demo bank: AirCounter's server, the bank's back-end stand-in and the
// demo pages on one port (http://localhost:8080). `make demo` starts it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAirServer, loadConfig } from '@aircounter/server';
import { createBankBackend } from './bank-backend.ts';
import { buildPages } from './build-pages.ts';
import { loadOrCreateDevSecrets } from './dev-secrets.ts';
import { loadOrCreateDemoSigningCertificate } from './documents/demo-signing-certificate.ts';
import { chooseDemoMediaAddress } from './media-address.ts';
import { serveStatic, type StaticMounts } from './static-files.ts';
import { createWebhookReceiver, demoWebhookSecret, WEBHOOK_PATH } from './webhook-receiver.ts';
import { DEFAULT_STAFF_SESSION_SETTINGS, StaffSessions } from './staff/staff-sessions.ts';
import { createStaffDirectory, DEMO_DEFAULT_PASSWORD } from './staff/staff-users.ts';

const here = dirname(fileURLToPath(import.meta.url));
const demoRoot = resolve(here, '..');
const repoRoot = resolve(demoRoot, '..', '..');

export interface DemoOptions {
  readonly port?: number;
  readonly host?: string;
  /** Where the demo keeps its secrets, keys and evidence (default: <repo>/var/demo). */
  readonly dataDir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export async function startDemo(options: DemoOptions = {}) {
  const env = options.env ?? process.env;
  const port = options.port ?? Number(env['PORT'] ?? 8080);
  const host = options.host ?? env['HOST'] ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir ?? env['AIR_DATA_DIR'] ?? join(repoRoot, 'var', 'demo'));
  const secrets = loadOrCreateDevSecrets(join(dataDir, 'demo-secrets.json'));

  // On a known port the demo receives its own webhooks (the bank back end's endpoint, verified like a bank would).
  const webhookSecret = env['AIR_WEBHOOK_SECRET'] ?? demoWebhookSecret(secrets.tokenSecret);
  const ownWebhooks =
    port === 0 || env['AIR_WEBHOOK_URL'] !== undefined
      ? {}
      : {
          AIR_WEBHOOK_URL: `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}${WEBHOOK_PATH}`,
          AIR_WEBHOOK_SECRET: webhookSecret,
        };
  // Signed contracts need a document-signing certificate: the bank's own when configured, else a demo one.
  const pdfSigning =
    env['AIR_PDF_SIGNING_CERT_FILE'] === undefined && env['AIR_PDF_SIGNING_KEY_FILE'] === undefined
      ? await loadOrCreateDemoSigningCertificate(dataDir)
      : undefined;
  const config = loadConfig({
    AIR_TOKEN_SECRET: secrets.tokenSecret,
    AIR_API_KEY: secrets.apiKey,
    AIR_DATA_DIR: dataDir,
    ...(pdfSigning
      ? {
          AIR_PDF_SIGNING_CERT_FILE: pdfSigning.certificateFile,
          AIR_PDF_SIGNING_KEY_FILE: pdfSigning.keyFile,
          AIR_PDF_SIGNING_CONTACT: 'AirCounter demo bank',
          AIR_PDF_SIGNING_LOCATION: 'Remote counter (demonstration)',
        }
      : {}),
    ...ownWebhooks,
    ...env,
    AIR_HTTP_HOST: host,
    AIR_HTTP_PORT: String(port),
  });
  const air = await createAirServer(config);
  const webhooks = createWebhookReceiver({
    secret: webhookSecret,
    onEvent: (event) =>
      air.log.info('demo bank received a webhook', { type: event.type, sessionId: event.sessionId, eventId: event.id }),
  });
  const staff = await createStaffDirectory(env);
  if (staff.onDefaultPassword.length > 0) {
    air.log.warn('demo staff accounts use the demo default password; set DEMO_*_PASSWORD before exposing the demo', {
      accounts: staff.onDefaultPassword,
    });
  }

  const outDir = join(demoRoot, 'dist');
  await buildPages(join(demoRoot, 'src'), join(outDir, 'pages'));
  // pdf.js' worker, CMaps and standard fonts, served from the installed package (the viewer fetches nothing elsewhere).
  const pdfjs = dirname(
    createRequire(join(repoRoot, 'packages', 'elements', 'package.json')).resolve('pdfjs-dist/package.json'),
  );
  const mounts: StaticMounts = [
    ['/pages/', join(outDir, 'pages')],
    ['/assets/vision/', join(repoRoot, 'packages', 'vision', 'assets')],
    ['/assets/pdfjs/build/', join(pdfjs, 'build')],
    ['/assets/pdfjs/cmaps/', join(pdfjs, 'cmaps')],
    ['/assets/pdfjs/standard_fonts/', join(pdfjs, 'standard_fonts')],
    ['/', join(demoRoot, 'public')],
  ];
  // Created once the port is known (port 0 picks a free one, as tests do).
  const late: { bank?: ReturnType<typeof createBankBackend> } = {};

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (air.handleRequest(req, res)) return;
    void (async () => {
      if (await webhooks.handle(req, res)) return;
      if (late.bank && (await late.bank.handle(req, res))) return;
      if (await serveStatic(req, res, mounts)) return;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    })().catch((error: unknown) => {
      air.log.error('demo request failed', { error });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // Every socket, so that shutdown can end those a browser keeps open (keep-alive, upgraded WebSockets).
  const sockets = new Set<Duplex>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!air.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const publicBaseUrl = env['AIR_DEMO_PUBLIC_URL'] ?? `http://localhost:${actualPort}`;
  const bank = createBankBackend({
    airBaseUrl: `http://127.0.0.1:${actualPort}`,
    apiKey: secrets.apiKey,
    publicBaseUrl,
    linkTtlSeconds: 4 * 3600,
    // The demo owns the signing key (its configuration), so it pins exactly its public keys.
    pinnedEvidenceKeys: air.services.evidence.keys.jwks().keys,
    staff,
    staffSessions: new StaffSessions({
      ...DEFAULT_STAFF_SESSION_SETTINGS,
      secureCookie: publicBaseUrl.startsWith('https:'),
    }),
  });
  late.bank = bank;
  // The bank publishes its 双录 script before any session can run it.
  await bank.registerJourneys();
  // And its remote authorization rules (远程授权) before an agent can ask for an approval.
  const rulesVersion = await bank.publishAuthorizationRules();
  air.log.info('demo bank ready', { url: publicBaseUrl, authorizationRulesVersion: rulesVersion });

  return {
    url: publicBaseUrl,
    /** DEMO ONLY: the default staff password (when DEMO_*_PASSWORD are not set), for tests and first steps. */
    demoPassword: DEMO_DEFAULT_PASSWORD,
    port: actualPort,
    air,
    bank,
    /** Webhook events the demo bank received and verified (latest first kept, in memory). */
    webhookEvents: webhooks.events,
    /**
     * SIGTERM path: AirCounter's graceful shutdown first (no new sessions,
     * participants told `server-shutdown`, recordings finalized, packages
     * sealed, within AIR_SHUTDOWN_TIMEOUT_MS), then every socket still open
     * is ended so the port closes even while browsers stay on the pages.
     * Resolves whether AirCounter finished in time.
     */
    async close(): Promise<boolean> {
      const closed = new Promise<void>((done) => server.close(() => done()));
      const complete = await air.close();
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
      return complete;
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `make demo`: two tabs on this machine must work in Firefox too (media-address.ts).
  let env = process.env;
  if (env['AIR_LISTEN_IP'] === undefined) {
    const media = chooseDemoMediaAddress();
    console.log(`  ${media.note}`);
    env = { ...env, AIR_LISTEN_IP: media.address };
  }
  const demo = await startDemo({ env });
  console.log(`\n  AirCounter demo bank: ${demo.url}\n`);
  const stop = () => {
    demo.close().then(
      (complete) => process.exit(complete ? 0 : 1),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
