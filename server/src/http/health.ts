import type { AirServices } from '../services.ts';
import { sendJson } from './respond.ts';

/**
 * `GET /healthz`: the process answers (liveness probe).
 * `GET /readyz`: every media worker runs and the server is not shutting down (readiness probe).
 * Unauthenticated, so they say nothing beyond counts.
 */
export function registerHealthRoutes(services: AirServices, isShuttingDown: () => boolean): void {
  services.http.add('GET', '/healthz', ({ res }) => sendJson(res, 200, { status: 'ok' }));
  services.http.add('GET', '/readyz', ({ res }) => {
    const ready = services.workers.ready && !isShuttingDown();
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ready' : 'not-ready',
      workers: services.workers.size,
      expectedWorkers: services.config.media.workers,
    });
  });
}
