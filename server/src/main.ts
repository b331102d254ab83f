import { createAirServer } from './app.ts';
import { ConfigError, describeConfig, loadConfig } from './config.ts';
import { createLogger } from './log.ts';

// Start-up from the environment and graceful shutdown on SIGTERM/SIGINT:
// stop accepting, end every session (peers are told), run shutdown hooks
// (recordings are finalized there), stop the media workers, exit 0.

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

const app = await createAirServer(config, { log });
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
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  });
}
