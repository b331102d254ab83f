import { readEvent, type EventData, type EventEntry, type EventType } from '@aircounter/evidence';
import { LivenessDecision, RECORDING_STATES, ROLES } from '@aircounter/protocol';
import * as v from 'valibot';

/**
 * One row of {@link WEBHOOK_EVENTS}: which evidence entry a webhook event
 * reports and what of it the bank receives. Every webhook event is born from
 * an entry of the session's evidence log, so what the bank hears is what the
 * evidence holds, in the same order.
 */
export interface WebhookEventSpec<S extends v.GenericSchema = v.GenericSchema> {
  /** The evidence event type (`EVENTS` in @aircounter/evidence) it reports. */
  readonly source: EventType;
  /** Schema of the webhook's `data`. */
  readonly data: S;
  /**
   * The webhook's `data` from an entry of `source` (only what the bank
   * needs); undefined when the entry's data is not readable as its type.
   */
  readonly fromEntry: (entry: EventEntry) => v.InferInput<S> | undefined;
  /** One line for the documentation: when the event is sent. */
  readonly when: string;
}

/** A row: `project` sees the source's typed data and must return the row's `data` (type checked per row). */
function row<K extends EventType, S extends v.GenericSchema>(spec: {
  source: K;
  data: S;
  project: (data: EventData<K>) => v.InferInput<S>;
  when: string;
}): WebhookEventSpec<S> {
  const { source, data, project, when } = spec;
  return {
    source,
    data,
    when,
    fromEntry: (entry) => {
      const typed = readEvent(entry, source);
      return typed === undefined ? undefined : project(typed.data);
    },
  };
}

const Text = v.pipe(v.string(), v.maxLength(4096));

/**
 * Every event the server sends to the bank's webhook endpoint, by type, with
 * the schema of its `data`. A later feature adds a row (at the end, with a
 * comment line naming the feature) for each evidence event the bank should
 * hear about; docs/webhooks.md lists these rows.
 */
export const WEBHOOK_EVENTS = {
  'session.created': row({
    source: 'session.opened',
    data: v.object({ reference: v.nullable(Text), agentId: v.nullable(Text) }),
    project: (data) => ({ reference: data.reference ?? null, agentId: data.agentId ?? null }),
    when: 'the bank created the session',
  }),
  'participant.joined': row({
    source: 'peer.joined',
    data: v.object({ peerId: Text, role: v.picklist(ROLES), displayName: Text }),
    project: (data) => ({ peerId: data.peerId, role: data.role, displayName: data.displayName }),
    when: 'a participant joined the call',
  }),
  'participant.left': row({
    source: 'peer.left',
    data: v.object({ peerId: Text, reason: Text }),
    project: (data) => ({ peerId: data.peerId, reason: data.reason }),
    when: 'a participant left (or did not come back within the reconnection grace)',
  }),
  'recording.state': row({
    source: 'recording.state',
    data: v.object({
      recordingId: v.nullable(Text),
      state: v.picklist(RECORDING_STATES),
      reason: v.nullable(Text),
      complete: v.nullable(v.boolean()),
    }),
    project: (data) => ({
      recordingId: data.recordingId,
      state: data.state,
      reason: data.reason ?? null,
      complete: data.complete ?? null,
    }),
    when: 'the recording changed state (starting, active, ending, complete, failed, aborted)',
  }),
  'liveness.decided': row({
    source: 'liveness.decided',
    data: v.object({ peerId: Text, decision: LivenessDecision }),
    project: (data) => ({ peerId: data.peerId, decision: data.decision }),
    when: 'the server decided a liveness check (the signed decision, verifiable with the published keys)',
  }),
  'session.ended': row({
    source: 'session.ended',
    data: v.object({ reason: Text }),
    project: (data) => ({ reason: data.reason }),
    when: 'the session ended',
  }),
  'evidence.sealed': row({
    source: 'evidence.finalized',
    data: v.object({ complete: v.boolean(), reason: v.nullable(Text) }),
    project: (data) => ({ complete: data.complete, reason: data.reason }),
    when: 'the evidence package was signed and sealed (last event of a session)',
  }),
} as const satisfies Record<string, WebhookEventSpec>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
/** The `data` of a webhook event type. */
export type WebhookEventData<K extends WebhookEventType> = v.InferOutput<(typeof WEBHOOK_EVENTS)[K]['data']>;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** The JSON body of every delivery (`data` per {@link WEBHOOK_EVENTS}). */
export const WebhookEnvelope = v.object({
  /** Unique per event and the same on every attempt: the receiver's idempotency key. */
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  type: v.picklist(WEBHOOK_EVENT_TYPES),
  sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  /** Increases with every event of the session (gaps are events not sent as webhooks). */
  sequence: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** When it happened (ISO 8601 UTC), as in the evidence log. */
  occurredAt: v.pipe(v.string(), v.isoTimestamp()),
  data: v.record(v.string(), v.unknown()),
});
export type WebhookEnvelope = v.InferOutput<typeof WebhookEnvelope>;

const BY_SOURCE = new Map<string, WebhookEventType>(
  WEBHOOK_EVENT_TYPES.map((type) => [WEBHOOK_EVENTS[type].source, type]),
);

/**
 * The webhook event an evidence entry becomes (without its id), or undefined
 * when the bank is not told about entries of its type. Throws when the
 * projection does not match the row's schema (a bug in the table).
 */
export function webhookEventFor(sessionId: string, entry: EventEntry): Omit<WebhookEnvelope, 'id'> | undefined {
  const type = BY_SOURCE.get(entry.type);
  if (type === undefined) return undefined;
  const spec: WebhookEventSpec = WEBHOOK_EVENTS[type];
  const projected = spec.fromEntry(entry);
  if (projected === undefined) return undefined;
  const data = v.parse(spec.data, projected) as Record<string, unknown>;
  return { type, sessionId, sequence: entry.seq, occurredAt: entry.time, data };
}

/** A delivery's body as its envelope (after `verifyWebhook`); undefined when it is not one. */
export function parseWebhookEnvelope(body: string): WebhookEnvelope | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = v.safeParse(WebhookEnvelope, json);
  return parsed.success ? parsed.output : undefined;
}
