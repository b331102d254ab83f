import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AirError } from '@aircounter/protocol';
import { requireApiKey } from '../auth/api-key.ts';
import type { MetricsConfig } from '../config.ts';
import { sendError } from '../http/respond.ts';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from './server-metrics.ts';

export const METRICS_PATH = '/metrics';

function isLoopback(host: string): boolean {
  return host === '::1' || host.startsWith('127.');
}

export interface MetricsListener {
  readonly address: AddressInfo;
  close(): Promise<void>;
}

/**
 * `GET /metrics` on a listener of its own (`AIR_METRICS_HOST:AIR_METRICS_PORT`),
 * apart from the public port that browsers and the bank reach: the scraper
 * sits on the internal network, and a proxy in front of the public port
 * never exposes it by mistake. With `AIR_METRICS_TOKEN` it also wants
 * `Authorization: Bearer <token>`.
 */
export async function startMetricsListener(deps: {
  config: MetricsConfig & { port: number };
  metrics: ServerMetrics;
  log: Logger;
}): Promise<MetricsListener> {
  const { config, metrics, log } = deps;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== METRICS_PATH) return sendError(res, new AirError('NOT_FOUND', 'not found'));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, new AirError('UNKNOWN_METHOD', 'only GET'), { allow: 'GET, HEAD' });
    }
    try {
      if (config.token !== undefined) requireApiKey(req.headers, config.token);
    } catch (error) {
      if (error instanceof AirError) return sendError(res, error);
      throw error;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        log.error('metrics not rendered', { error });
        sendError(res, new AirError('INTERNAL', 'metrics not available'));
      },
    );
  });
  server.listen(config.port, config.host);
  // Rejects when the address cannot be bound (`once` rejects on 'error').
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  log.info('metrics listening', { host: address.address, port: address.port, token: config.token !== undefined });
  if (config.token === undefined && !isLoopback(config.host)) {
    log.warn('metrics served without a token on a non-loopback address: keep that address on an internal network', {
      host: config.host,
    });
  }
  return {
    address,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
