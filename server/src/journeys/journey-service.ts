import { canonicalJson } from '@aircounter/evidence';
import {
  applyAction,
  applySystemInput,
  initialJourneyState,
  JourneyDefinition,
  summarize,
  type JourneyAction,
  type JourneyEngineEvent,
  type JourneyLocale,
  type JourneyRef,
  type JourneyState,
  type JourneySummary,
  type VerifiedVerdict,
} from '@aircounter/journeys';
import { AirError, SerialQueue, type RecordingStatus } from '@aircounter/protocol';
import * as v from 'valibot';
import type { JourneysConfig } from '../config.ts';
import { addArtifact } from '../evidence/artifacts.ts';
import type { EvidenceService } from '../evidence/evidence-service.ts';
import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import type { RoomRegistry } from '../media/rooms.ts';
import type { SessionRegistry } from '../sessions.ts';
import type { JourneyDefinitionRepository } from '../store/journey-definitions-repository.ts';
import type { SessionJourneyRepository } from '../store/session-journeys-repository.ts';
import { evidenceEventOf, sha256Hex } from './evidence-events.ts';
import { isFullyRecorded, notRecordedReason } from './recording-coverage.ts';

export interface JourneyServiceDeps {
  readonly definitions: JourneyDefinitionRepository;
  readonly journeys: SessionJourneyRepository;
  readonly sessions: SessionRegistry;
  readonly rooms: RoomRegistry;
  readonly evidence: EvidenceService;
  readonly config: JourneysConfig;
  readonly log: Logger;
  /** Gives the customer's recording consent when a journey's consent step completes. */
  readonly giveConsent: (room: Room, peerId: string, consent: ConsentGiven) => Promise<unknown>;
  /**
   * Plays a disclosure's text into the call as server-rendered speech (`delivery: 'speech'`). Absent: such
   * disclosures are shown only, and the agent reads them.
   */
  readonly speak?: (
    sessionId: string,
    speech: { readonly text: string; readonly locale: JourneyLocale },
  ) => Promise<{ readonly durationMs: number }>;
  /** The server's verdicts on nod, shake and voice confirmations (absent: those confirmations are refused). */
  readonly confirmations?: {
    verified(sessionId: string, peerId: string, id: string): Promise<VerifiedVerdict | undefined>;
  };
  readonly now?: () => number;
}

export interface ConsentGiven {
  readonly consentTextVersion: string;
  readonly action: string;
  readonly locale: string;
}

/** A registered definition with the hash of its canonical JSON (the `journey-definition` artifact). */
export interface LoadedDefinition {
  readonly definition: JourneyDefinition;
  readonly sha256: string;
  readonly json: string;
}

/** Who acts, as the handler knows it from the verified token. */
export interface JourneyActor {
  readonly peerId: string;
  readonly role: string;
}

/**
 * The server side of scripted journeys (docs/journeys.md): definitions
 * registered by the bank, each session's journey state in the store, the pure
 * engine (`@aircounter/journeys`) deciding every transition, every transition
 * written to the evidence chain and sent to every participant
 * (`journeyChanged`). Work on one session's journey runs one at a time; the
 * store's revision check guards against another node acting at once.
 */
export class JourneyService {
  readonly #deps: JourneyServiceDeps;
  readonly #now: () => number;
  /** One queue per session with a change under way (removed when idle): ordering, not state. */
  readonly #queues = new Map<string, SerialQueue>();

  constructor(deps: JourneyServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /**
   * Registers a definition (immutable per id and version). The same content
   * again is accepted (`created: false`); other content under a registered
   * version is STORAGE_WRITE_ONCE.
   */
  async register(input: unknown): Promise<{ created: boolean; definition: LoadedDefinition }> {
    const parsed = v.safeParse(JourneyDefinition, input);
    if (!parsed.success) {
      const [issue] = parsed.issues;
      const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      throw new AirError('INVALID_PARAMS', `journey definition ${path ? `${path}: ` : ''}${issue.message}`);
    }
    const definition = parsed.output;
    const json = canonicalJson(definition);
    const sha256 = sha256Hex(json);
    const existing = await this.#deps.definitions.get(definition.id, definition.version);
    if (existing === undefined && (await this.#deps.definitions.count()) >= this.#deps.config.maxDefinitions) {
      this.#deps.log.warn('journey definition refused: limit reached', { max: this.#deps.config.maxDefinitions });
      throw new AirError('JOURNEY_LIMIT_REACHED', `at most ${this.#deps.config.maxDefinitions} definitions`);
    }
    const { created, stored } = await this.#deps.definitions.register(definition.id, definition.version, {
      sha256,
      json,
    });
    if (stored.sha256 !== sha256) {
      throw new AirError(
        'STORAGE_WRITE_ONCE',
        `journey ${definition.id} version ${definition.version} is registered with other content; register a new version`,
      );
    }
    if (created) this.#deps.log.info('journey definition registered', { ...refOf(definition), sha256 });
    return { created, definition: { definition, sha256, json } };
  }

  /** A registered definition, or JOURNEY_NOT_FOUND. */
  async definition(ref: JourneyRef): Promise<LoadedDefinition> {
    const stored = await this.#deps.definitions.get(ref.id, ref.version);
    if (stored === undefined) throw new AirError('JOURNEY_NOT_FOUND', `no journey ${ref.id} version ${ref.version}`);
    return {
      definition: v.parse(JourneyDefinition, JSON.parse(stored.json)),
      sha256: stored.sha256,
      json: stored.json,
    };
  }

  /**
   * Gives a new session its journey: the definition enters the package as a
   * `journey-definition` artifact, `journey.started` names it by hash, and
   * the state row is created.
   */
  async begin(sessionId: string, loaded: LoadedDefinition, locale: JourneyLocale): Promise<JourneyState> {
    const { definition } = loaded;
    const artifact = await addArtifact(this.#deps.evidence, sessionId, {
      kind: 'journey-definition',
      mediaType: 'application/json',
      bytes: new TextEncoder().encode(loaded.json),
    });
    await this.#deps.evidence.append(sessionId, {
      type: 'journey.started',
      data: {
        journeyId: definition.id,
        version: definition.version,
        definitionSha256: artifact.sha256,
        stepCount: definition.steps.length,
        locale,
      },
    });
    const state = initialJourneyState(definition, locale);
    await this.#deps.journeys.create(sessionId, state);
    return state;
  }

  /** The session's definition and state, or JOURNEY_NOT_FOUND. */
  async view(sessionId: string): Promise<{ definition: JourneyDefinition; state: JourneyState }> {
    const state = await this.#deps.journeys.get(sessionId);
    if (state === undefined) throw new AirError('JOURNEY_NOT_FOUND', 'this session has no journey');
    const { definition } = await this.definition(state.journey);
    return { definition, state };
  }

  /** A participant's action; a refusal is thrown as the engine's typed error and changes nothing. */
  act(room: Room, actor: JourneyActor, action: JourneyAction): Promise<JourneyState> {
    return this.#serial(room.sessionId, async () => {
      const session = await this.#deps.sessions.get(room.sessionId);
      if (session?.status === 'ended') throw new AirError('JOURNEY_ENDED', 'the session has ended');
      const { definition, state } = await this.view(room.sessionId);
      const step = definition.steps.find((s) => s.id === action.stepId);
      const verified = await this.#verified(room.sessionId, actor.peerId, action);
      const result = applyAction(definition, state, action, {
        role: actor.role,
        now: this.#now(),
        recordingActive: isFullyRecorded(room.recordingStatus),
        identityVerified: step?.kind === 'identity' ? await this.#identityVerified(room.sessionId) : false,
        documentsRead: step?.kind === 'document' ? await this.#documentsRead(room.sessionId) : new Set(),
        maxActions: this.#deps.config.maxActions,
        ...(verified === undefined ? {} : { verified }),
      });
      if (!result.ok) {
        const { refusal } = result;
        this.#deps.log[refusal.reason === 'action-limit' ? 'warn' : 'info']('journey action refused', {
          sessionId: room.sessionId,
          peerId: actor.peerId,
          type: action.type,
          stepId: action.stepId,
          reason: refusal.reason,
        });
        throw new AirError(refusal.code, refusal.message);
      }
      await this.#commit(room.sessionId, definition, state, result.state, result.events);
      const opened = result.events.some((event) => event.type === 'step.started');
      if (step?.kind === 'disclosure' && step.delivery === 'speech' && opened) {
        this.#speak(room.sessionId, step.text[state.locale], state.locale);
      }
      if (step?.kind === 'consent' && result.events.some((event) => event.type === 'step.completed')) {
        await this.#deps.giveConsent(room, actor.peerId, {
          consentTextVersion: step.textVersion,
          action: `journey:${action.type === 'complete' ? (action.confirmation ?? 'tap') : action.type}`,
          locale: state.locale,
        });
      }
      return result.state;
    });
  }

  /**
   * The open disclosure step's speech once more, asked by the customer or the agent. Only an open disclosure
   * delivered as speech qualifies, and only its own text is spoken; the speech service refuses while speech
   * still plays (SPEECH_BUSY) and bounds the repeats of the same audio (RATE_LIMITED).
   */
  async replayDisclosure(room: Room, stepId: string): Promise<{ durationMs: number }> {
    const { definition, state } = await this.view(room.sessionId);
    const index = definition.steps.findIndex((s) => s.id === stepId);
    const step = definition.steps[index];
    if (step?.kind !== 'disclosure' || step.delivery !== 'speech') {
      throw new AirError('JOURNEY_ACTION_INVALID', 'this step is not a disclosure delivered as speech');
    }
    if (state.status !== 'in-progress' || state.steps[index]?.status !== 'active') {
      throw new AirError('JOURNEY_OUT_OF_ORDER', 'the disclosure is not open');
    }
    const speak = this.#deps.speak;
    if (speak === undefined) throw new AirError('SPEECH_UNAVAILABLE', 'speech is not available on this server');
    const playback = await speak(room.sessionId, { text: step.text[state.locale], locale: state.locale });
    return { durationMs: playback.durationMs };
  }

  /**
   * The recording's status changed (the recorder published it): when the
   * session is not fully recorded, the open step that needs the recording is
   * interrupted and must be done again.
   */
  recordingChanged(room: Room, status: RecordingStatus): Promise<void> {
    if (isFullyRecorded(status)) return Promise.resolve();
    return this.#serial(room.sessionId, async () => {
      const state = await this.#deps.journeys.get(room.sessionId);
      if (state === undefined || state.status !== 'in-progress') return;
      const open = state.steps.some((step) => step.status === 'active' || step.status === 'awaiting-override');
      if (!open) return;
      const { definition } = await this.definition(state.journey);
      const reason = notRecordedReason(status);
      const next = applySystemInput(definition, state, { type: 'recording-lost', reason }, this.#now());
      if (next.events.length === 0) return;
      this.#deps.log.info('journey step interrupted: not recorded', { sessionId: room.sessionId, reason });
      await this.#commit(room.sessionId, definition, state, next.state, next.events);
    });
  }

  /** The session's package is being sealed: the journey ends with its summary (undefined without a journey). */
  end(sessionId: string): Promise<JourneySummary | undefined> {
    return this.#serial(sessionId, async () => {
      const state = await this.#deps.journeys.get(sessionId);
      if (state === undefined) return undefined;
      const { definition } = await this.definition(state.journey);
      if (state.status === 'ended') return undefined;
      const summary = summarize(definition, state);
      const next = applySystemInput(definition, state, { type: 'end' }, this.#now());
      await this.#commit(sessionId, definition, state, next.state, next.events);
      this.#deps.log.info('journey ended', { sessionId, ...summary });
      return summary;
    });
  }

  /** Stores the new state (only over the one it was computed from), logs each event, tells everyone. */
  async #commit(
    sessionId: string,
    definition: JourneyDefinition,
    from: JourneyState,
    to: JourneyState,
    events: readonly JourneyEngineEvent[],
  ): Promise<void> {
    if (!(await this.#deps.journeys.update(sessionId, from.revision, to))) {
      throw new AirError('JOURNEY_OUT_OF_ORDER', 'the journey changed at the same time; read it again');
    }
    let mediaTimeMs: number | null = null;
    for (const event of events) {
      try {
        const entry = await this.#deps.evidence.append(sessionId, evidenceEventOf(event, definition, to.locale));
        mediaTimeMs = entry.mediaTimeMs;
      } catch (error) {
        // The state is the authority and already stored: a failed write is logged loudly, never hidden.
        this.#deps.log.error('journey event not recorded in evidence', { sessionId, type: event.type, error });
      }
    }
    const room = this.#deps.rooms.get(sessionId);
    if (room !== undefined && !room.closed) {
      room.broadcast('journeyChanged', {
        state: to,
        events: [...events],
        ...(mediaTimeMs === null ? {} : { mediaTimeMs }),
      });
    }
  }

  /**
   * Starts the speech of a disclosure without holding up the action: rendering takes seconds, and the
   * step's state is already stored and sent. A failure is logged; the text stays on both screens and the
   * `speech.played` entry is missing from the chain, which is what an auditor needs to see.
   */
  #speak(sessionId: string, text: string, locale: JourneyLocale): void {
    const speak = this.#deps.speak;
    if (speak === undefined) return;
    speak(sessionId, { text, locale }).catch((error: unknown) => {
      this.#deps.log.warn('disclosure speech not played', { sessionId, error });
    });
  }

  /** The unused verdict a nod, shake or voice action names, when the server holds it for this customer. */
  async #verified(sessionId: string, peerId: string, action: JourneyAction): Promise<VerifiedVerdict | undefined> {
    if (action.type !== 'answer' && action.type !== 'complete') return undefined;
    if (action.verification === undefined || this.#deps.confirmations === undefined) return undefined;
    return this.#deps.confirmations.verified(sessionId, peerId, action.verification);
  }

  /** Whether the server accepted the customer's liveness and face match in this session (from its evidence). */
  async #identityVerified(sessionId: string): Promise<boolean> {
    const entries = (await this.#deps.evidence.readEvents(sessionId)) ?? [];
    return entries.some((entry) => {
      if (entry.type !== 'liveness.decided') return false;
      const decision: unknown = entry.data['decision'];
      return typeof decision === 'object' && decision !== null && Reflect.get(decision, 'passed') === true;
    });
  }

  /** SHA-256s of the documents the customer confirmed having read, with the short code (from its evidence). */
  async #documentsRead(sessionId: string): Promise<Set<string>> {
    const entries = (await this.#deps.evidence.readEvents(sessionId)) ?? [];
    const read = new Set<string>();
    for (const entry of entries) {
      const sha256: unknown = entry.data['sha256'];
      if (entry.type === 'signing.document.read-confirmed' && typeof sha256 === 'string') read.add(sha256);
    }
    return read;
  }

  #serial<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    const queue = this.#queues.get(sessionId) ?? new SerialQueue();
    this.#queues.set(sessionId, queue);
    const result = queue.run(work);
    // The caller handles the outcome; this only forgets a queue nothing waits on.
    const forget = (): void => {
      if (queue.idle && this.#queues.get(sessionId) === queue) this.#queues.delete(sessionId);
    };
    result.then(forget, forget);
    return result;
  }
}

function refOf(definition: JourneyDefinition): { journeyId: string; version: number } {
  return { journeyId: definition.id, version: definition.version };
}
