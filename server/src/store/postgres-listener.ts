import pg from 'pg';
import { checkChannel, type DbListener } from './db.ts';

/** Waits before opening a broken listening connection again: doubling from the first, up to the last. */
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10_000] as const;

/**
 * `LISTEN channel` on a connection of its own (a pooled one would be handed
 * to other statements). When the connection breaks (the server restarted,
 * the network) it is opened again after a growing delay, for as long as the
 * listener is not closed; notifications sent meanwhile are lost.
 */
export async function listenOnPostgres(
  config: pg.ClientConfig,
  channel: string,
  onNotify: (payload: string) => void,
  onError: (error: unknown) => void,
): Promise<DbListener> {
  const name = checkChannel(channel);
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const connect = async (): Promise<void> => {
    const next = new pg.Client(config);
    next.on('notification', (message) => {
      if (message.channel === name) onNotify(message.payload ?? '');
    });
    const broken = (error?: unknown): void => {
      if (client !== next) return;
      client = undefined;
      next.removeAllListeners('end');
      void next.end().catch(() => undefined);
      if (error !== undefined) onError(error);
      schedule();
    };
    next.on('error', broken);
    next.on('end', () => broken());
    await next.connect();
    await next.query(`LISTEN ${name}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    failures = 0;
  };
  const schedule = (): void => {
    if (closed || retry !== undefined) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)];
    failures += 1;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: unknown) => {
        onError(error);
        schedule();
      });
    }, delay);
    retry.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      current?.removeAllListeners('end');
      await current?.end().catch(() => undefined);
    },
  };
}
