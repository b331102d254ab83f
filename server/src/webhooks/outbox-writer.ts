import { randomUUID } from 'node:crypto';
import type { EventEntry } from '@aircounter/evidence';
import { SerialQueue } from '@aircounter/protocol';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { WebhookOutboxRepository } from '../store/webhook-outbox-repository.ts';
import { webhookEventFor } from './events.ts';

/**
 * Queues a webhook event in the outbox for every evidence entry the bank is
 * told about (WEBHOOK_EVENTS). Inserts run one at a time in the order the
 * entries became durable, so a session's events enter the outbox in order.
 * An entry whose insert fails (database down) is logged and not sent: the
 * evidence log keeps it, and the bank can read the session's status.
 */
export function writeWebhooksToOutbox(deps: {
  evidence: EvidenceService;
  outbox: WebhookOutboxRepository;
  /** Called after each event is queued (wakes the dispatcher). */
  queued: () => void;
  log: Logger;
}): { drained(): Promise<void>; stop(): void } {
  const { outbox, log } = deps;
  const inserts = new SerialQueue();

  const enqueue = (sessionId: string, entry: EventEntry): void => {
    const event = webhookEventFor(sessionId, entry);
    if (event === undefined) return;
    const id = randomUUID();
    const body = JSON.stringify({ id, ...event });
    inserts
      .run(() => outbox.enqueue({ id, sessionId, sequence: event.sequence, type: event.type, body }))
      .then(
        () => deps.queued(),
        (error: unknown) =>
          log.error('webhook event not queued', { sessionId, type: event.type, sequence: event.sequence, error }),
      );
  };

  const stop = deps.evidence.onEntry((sessionId, entry) => {
    try {
      enqueue(sessionId, entry);
    } catch (error) {
      log.error('webhook event not built', { sessionId, type: entry.type, error });
    }
  });
  return { drained: () => inserts.settled(), stop };
}
