import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/webhooks/signature.ts';

export interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body parsed (every delivery is JSON). */
  readonly event: { id: string; type: string; sessionId: string; sequence: number; data: Record<string, unknown> };
  /** Whether `verifyWebhook` accepted it with the receiver's secret. */
  readonly verified: boolean;
  /** The status the receiver answered. */
  readonly status: number;
}

/** A bank's webhook endpoint on 127.0.0.1: records every delivery, answers what `respond` says (200 by default). */
export async function startWebhookReceiver(secret: string) {
  const deliveries: Delivery[] = [];
  const waiters = new Set<() => void>();
  let respond: (delivery: Omit<Delivery, 'status'>) => number = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        verifyWebhook({ secret, headers: req.headers, body });
      } catch {
        verified = false;
      }
      const partial = { headers: req.headers, body, event: JSON.parse(body) as Delivery['event'], verified };
      const status = respond(partial);
      deliveries.push({ ...partial, status });
      res.writeHead(status).end();
      for (const waiter of waiters) waiter();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/aircounter`,
    deliveries,
    /** Sets how the receiver answers from now on. */
    answer(fn: (delivery: Omit<Delivery, 'status'>) => number): void {
      respond = fn;
    },
    /** Resolves once `predicate` holds for the deliveries so far (checked after each one). */
    async until(predicate: (all: readonly Delivery[]) => boolean, timeoutMs = 20_000): Promise<void> {
      if (predicate(deliveries)) return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `webhook condition not met; deliveries: ${deliveries.map((d) => `${d.event.type}:${d.status}`).join(', ')}`,
            ),
          );
        }, timeoutMs);
        const check = (): void => {
          if (!predicate(deliveries)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
