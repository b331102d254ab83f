import type { WebhookConfig } from '../config.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { WebhookDispatcher } from './dispatcher.ts';
import { writeWebhooksToOutbox } from './outbox-writer.ts';

export interface WebhookService {
  /** False when no endpoint is configured: nothing is queued or sent. */
  readonly enabled: boolean;
  /** The delivery loop (metrics subscribe to its reports); undefined when disabled. */
  readonly dispatcher: WebhookDispatcher | undefined;
  /** Shutdown: queues what is still being written, then stops delivering (the rest goes at the next start). Idempotent. */
  close(): Promise<void>;
}

/**
 * Webhooks to the bank (docs/webhooks.md): evidence entries become outbox
 * rows (outbox-writer.ts), the dispatcher delivers them signed, in order per
 * session, with retries. Disabled without `AIR_WEBHOOK_URL`.
 */
export async function startWebhooks(deps: {
  config: WebhookConfig;
  store: Store;
  evidence: EvidenceService;
  log: Logger;
}): Promise<WebhookService> {
  const { config, store, evidence, log } = deps;
  if (config.url === undefined || config.secret === undefined) {
    return { enabled: false, dispatcher: undefined, close: async () => undefined };
  }
  const dispatcher = new WebhookDispatcher({
    outbox: store.webhooks,
    settings: { ...config, url: config.url, secret: config.secret.reveal() },
    nodeId: store.nodeId,
    log,
  });
  const writer = writeWebhooksToOutbox({ evidence, outbox: store.webhooks, queued: () => dispatcher.wake(), log });
  await dispatcher.start();
  log.info('webhooks on', { url: config.url });
  let closing: Promise<void> | undefined;
  return {
    enabled: true,
    dispatcher,
    close: () => {
      closing ??= (async () => {
        writer.stop();
        await writer.drained();
        await dispatcher.stop();
      })();
      return closing;
    },
  };
}
