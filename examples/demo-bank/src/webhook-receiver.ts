import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  parseWebhookEnvelope,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookEnvelope,
} from '@aircounter/server';

// The demo bank's webhook endpoint: what a bank's own receiver does with
// AirCounter's events (docs/webhooks.md). Verify the signature and the
// timestamp on the raw body first, then deduplicate by id, then act. A real
// bank keeps processed ids and events in its database; the demo keeps the
// latest ones in memory to show them.

export const WEBHOOK_PATH = '/bank/webhooks';
const MAX_BODY_BYTES = 256 * 1024;
/** The demo remembers this many processed ids (a bank: its database, for longer than the retry period). */
const REMEMBERED_IDS = 5_000;
const KEPT_EVENTS = 200;

/** The demo's webhook secret, derived from its token secret so that the demo needs no new secrets file. */
export function demoWebhookSecret(tokenSecret: string): string {
  return createHmac('sha256', tokenSecret).update('aircounter-demo-webhooks').digest('base64url');
}

export function createWebhookReceiver(options: { secret: string; onEvent?: (event: WebhookEnvelope) => void }) {
  const seen = new Set<string>();
  const events: WebhookEnvelope[] = [];

  async function readRaw(req: IncomingMessage): Promise<string | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).byteLength;
      if (size > MAX_BODY_BYTES) return undefined;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Serves `POST /bank/webhooks`; false for any other request. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== WEBHOOK_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return true;
    }
    const body = await readRaw(req);
    if (body === undefined) {
      res.writeHead(413).end();
      return true;
    }
    let id: string;
    try {
      ({ id } = verifyWebhook({ secret: options.secret, headers: req.headers, body }));
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      res.writeHead(401).end();
      return true;
    }
    // Already processed (a retry after our answer was lost): acknowledge, do nothing.
    if (!seen.has(id)) {
      const event = parseWebhookEnvelope(body);
      if (event?.id !== id) {
        res.writeHead(400).end();
        return true;
      }
      seen.add(id);
      if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value ?? id);
      events.push(event);
      if (events.length > KEPT_EVENTS) events.shift();
      options.onEvent?.(event);
    }
    res.writeHead(204).end();
    return true;
  }

  return { handle, events: (): readonly WebhookEnvelope[] => [...events] };
}
