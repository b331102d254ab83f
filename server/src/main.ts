import { createAirServer } from './app.ts';
import { ConfigError, describeConfig, loadConfig } from './config.ts';
import { DataDirLockedError } from './data-dir-lock.ts';
import { EvidenceBucketError } from './evidence/s3-bucket-check.ts';
import { createLogger } from './log.ts';

// Start-up from the environment and graceful shutdown on SIGTERM/SIGINT:
// stop accepting, end every session (peers are told), run shutdown hooks
// (recordings are finalized there), stop the media workers, exit 0 — or 1
// when AIR_SHUTDOWN_TIMEOUT_MS passed first. Exit codes: 78 invalid
// configuration (EX_CONFIG; also an evidence bucket that is unreachable or
// lacks Object Lock), 73 data directory owned by another live server
// (EX_CANTCREAT).

function readConfig() {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

const config = readConfig();
const log = createLogger({ level: config.logLevel });

process.on('unhandledRejection', (error) => log.error('unhandled promise rejection', { error }));
process.on('uncaughtException', (error) => {
  log.error('uncaught exception; exiting', { error });
  process.exit(1);
});

async function start() {
  try {
    return await createAirServer(config, { log });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      log.error('data directory in use; not starting', { dir: error.dir, ownerPid: error.owner?.pid });
      console.error(error.message);
      process.exit(73); // EX_CANTCREAT
    }
    if (error instanceof EvidenceBucketError) {
      log.error('evidence bucket unusable; not starting', { bucket: error.bucket });
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

const app = await start();
await app.listen();
log.info('configuration', describeConfig(config));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) {
      log.warn('second signal; exiting without finishing shutdown', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('signal received; shutting down', { signal });
    app.close().then(
      (complete) => process.exit(complete ? 0 : 1),
      (error: unknown) => {
        log.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  });
}
