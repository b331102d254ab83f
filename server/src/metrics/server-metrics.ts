import { readEvent } from '@aircounter/evidence';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry } from '../media/rooms.ts';
import type { WorkerPool } from '../media/worker-pool.ts';
import type { SessionRegistry } from '../sessions.ts';
import type { WebhookOutboxRepository } from '../store/webhook-outbox-repository.ts';
import type { WebhookDispatcher } from '../webhooks/dispatcher.ts';

/** Every metric's name starts with this (docs/metrics.md lists them). */
export const METRIC_PREFIX = 'aircounter_';

/** Signaling requests take from under a millisecond (pause) to seconds (join on a busy worker). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seals wait for the recording to be finalized: from a fraction of a second to minutes. */
const SEAL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The server's Prometheus metrics (prom-client) in a registry of their own:
 * live media objects are counted when scraped (rooms, peers, transports,
 * producers, consumers, worker CPU), events are counted as they happen
 * (sessions, worker deaths, recording states, liveness decisions, seals,
 * signaling requests, webhook deliveries). Nothing here holds a session id
 * or a peer id: label values are bounded sets (methods, codes, states).
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly #signalingSeconds: Histogram<'method'>;
  readonly #signalingErrors: Counter<'method' | 'code'>;
  readonly #sealSeconds: Histogram<'complete'>;
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    this.#signalingSeconds = new Histogram({
      name: `${METRIC_PREFIX}signaling_request_duration_seconds`,
      help: 'Time from a signaling request to its response, by method (refusals included).',
      labelNames: ['method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#signalingErrors = new Counter({
      name: `${METRIC_PREFIX}signaling_errors_total`,
      help: 'Signaling requests answered with an error, by method and error code.',
      labelNames: ['method', 'code'],
      registers,
    });
    this.#sealSeconds = new Histogram({
      name: `${METRIC_PREFIX}evidence_seal_duration_seconds`,
      help: 'Time from the end of a session to its sealed evidence package (recording finalization included).',
      labelNames: ['complete'],
      buckets: SEAL_BUCKETS,
      registers,
    });
  }

  /** One signaling request answered by its handler (`code` when it was an error). */
  signalingRequest(method: string, seconds: number, code?: string): void {
    this.#signalingSeconds.observe({ method }, seconds);
    if (code !== undefined) this.#signalingErrors.inc({ method, code });
  }

  /** A request refused before its handler ran (rate limit). */
  signalingRefused(method: string, code: string): void {
    this.#signalingErrors.inc({ method, code });
  }

  /** A package was sealed `seconds` after its session ended. */
  sealed(seconds: number, complete: boolean): void {
    this.#sealSeconds.observe({ complete: String(complete) }, seconds);
  }

  /** Counts the live media objects of every room at each scrape. */
  watchRooms(rooms: RoomRegistry): void {
    const registers = [this.registry];
    const census = () => {
      const peers = new Map<string, number>();
      const producers = new Map<string, number>();
      let transports = 0;
      let consumers = 0;
      for (const room of rooms.list()) {
        for (const peer of room.peers.values()) {
          peers.set(peer.role, (peers.get(peer.role) ?? 0) + 1);
          transports += peer.transports.size;
          consumers += peer.consumers.size;
          for (const { producer } of peer.producers.values()) {
            producers.set(producer.kind, (producers.get(producer.kind) ?? 0) + 1);
          }
        }
      }
      return { rooms: rooms.list().length, peers, producers, transports, consumers };
    };
    new Gauge({
      name: `${METRIC_PREFIX}rooms`,
      help: 'Live media rooms (sessions with a router on this node).',
      registers,
      collect() {
        this.set(census().rooms);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}peers`,
      help: 'Participants in the live rooms, by role (those within their reconnection grace included).',
      labelNames: ['role'],
      registers,
      collect() {
        this.reset();
        for (const [role, count] of census().peers) this.set({ role }, count);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}transports`,
      help: 'WebRTC transports open.',
      registers,
      collect() {
        this.set(census().transports);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}producers`,
      help: 'Tracks published by participants, by kind.',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const [kind, count] of census().producers) this.set({ kind }, count);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}consumers`,
      help: 'Tracks forwarded to participants.',
      registers,
      collect() {
        this.set(census().consumers);
      },
    });
  }

  /** Worker CPU at each scrape; deaths (each followed by a replacement) as they happen. */
  watchWorkers(workers: WorkerPool): void {
    const registers = [this.registry];
    const log = this.#log;
    new Counter({
      name: `${METRIC_PREFIX}media_worker_cpu_seconds_total`,
      help: 'CPU time used by each live mediasoup worker process, by mode (user, system).',
      labelNames: ['pid', 'mode'],
      registers,
      async collect() {
        this.reset();
        try {
          for (const { pid, userMs, systemMs } of await workers.resourceUsage()) {
            this.inc({ pid: String(pid), mode: 'user' }, userMs / 1000);
            this.inc({ pid: String(pid), mode: 'system' }, systemMs / 1000);
          }
        } catch (error) {
          log.warn('media worker CPU not readable for metrics', { error });
        }
      },
    });
    const deaths = new Counter({
      name: `${METRIC_PREFIX}media_worker_deaths_total`,
      help: 'mediasoup worker processes that died (each is replaced: a restart).',
      registers,
    });
    deaths.inc(0);
    workers.on('workerDied', () => deaths.inc());
  }

  /** Sessions created and ended (by reason). */
  watchSessions(sessions: SessionRegistry): void {
    const registers = [this.registry];
    const created = new Counter({
      name: `${METRIC_PREFIX}sessions_created_total`,
      help: 'Sessions created by the bank back end on this node.',
      registers,
    });
    const ended = new Counter({
      name: `${METRIC_PREFIX}sessions_ended_total`,
      help: 'Sessions ended on this node, by reason.',
      labelNames: ['reason'],
      registers,
    });
    created.inc(0);
    sessions.on('created', () => created.inc());
    sessions.on('ended', (session) => ended.inc({ reason: session.endReason ?? 'ended' }));
  }

  /** Recording states, failed tracks and liveness decisions, read from the evidence entries as they are written. */
  watchEvidence(evidence: EvidenceService): void {
    const registers = [this.registry];
    const recordingStates = new Counter({
      name: `${METRIC_PREFIX}recording_state_transitions_total`,
      help: 'Recording state changes, by the state entered (failed and aborted are failures).',
      labelNames: ['state'],
      registers,
    });
    const trackFailures = new Counter({
      name: `${METRIC_PREFIX}recording_track_failures_total`,
      help: 'Tracks that could not be recorded.',
      registers,
    });
    const liveness = new Counter({
      name: `${METRIC_PREFIX}liveness_decisions_total`,
      help: 'Liveness checks decided, by outcome.',
      labelNames: ['passed'],
      registers,
    });
    trackFailures.inc(0);
    evidence.onEntry((_sessionId, entry) => {
      const state = readEvent(entry, 'recording.state');
      if (state) recordingStates.inc({ state: state.data.state });
      if (readEvent(entry, 'recording.track.failed')) trackFailures.inc();
      const decided = readEvent(entry, 'liveness.decided');
      if (decided) liveness.inc({ passed: String(decided.data.decision.passed) });
    });
  }

  /** Webhook attempts by outcome and duration; the outbox by state at each scrape. */
  watchWebhooks(dispatcher: WebhookDispatcher | undefined, outbox: WebhookOutboxRepository): void {
    const registers = [this.registry];
    const log = this.#log;
    const attempts = new Counter({
      name: `${METRIC_PREFIX}webhook_attempts_total`,
      help: 'Webhook delivery attempts, by event type and outcome (delivered, retry, dead).',
      labelNames: ['type', 'outcome'],
      registers,
    });
    const seconds = new Histogram({
      name: `${METRIC_PREFIX}webhook_attempt_duration_seconds`,
      help: 'Time a webhook attempt took (until the answer, a network error or the time limit).',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    new Gauge({
      name: `${METRIC_PREFIX}webhook_outbox_events`,
      help: 'Webhook events in the outbox (all nodes), by state (pending, delivered until pruned, dead).',
      labelNames: ['state'],
      registers,
      async collect() {
        try {
          for (const [state, count] of Object.entries(await outbox.countByState())) this.set({ state }, count);
        } catch (error) {
          log.warn('webhook outbox not readable for metrics', { error });
        }
      },
    });
    dispatcher?.onDelivery((report) => {
      attempts.inc({ type: report.type, outcome: report.outcome });
      seconds.observe(report.ms / 1000);
    });
  }
}
