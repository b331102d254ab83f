import * as v from 'valibot';
import type { EventEntry } from '../format.ts';
import { TrackLayerChanged } from './layer-events.ts';
import {
  JourneyBlocked,
  JourneyConfirmationVerified,
  JourneyCompleted,
  JourneyEnded,
  JourneyStarted,
  JourneyStepAnswered,
  JourneyStepAwaitingOverride,
  JourneyStepCompleted,
  JourneyStepInterrupted,
  JourneyStepSkipped,
  JourneyStepStarted,
} from './journey-events.ts';
import {
  AuthorizationClosed,
  AuthorizationDecided,
  AuthorizationEscalated,
  AuthorizationRequested,
} from './authorization-events.ts';
import { LivenessDecided, LivenessIdPhotoSet, LivenessRefused, LivenessStarted } from './liveness-events.ts';
import { EvidenceFileAdded, EvidenceFinalized, EvidenceLogRepaired } from './package-events.ts';
import {
  ConsentExternal,
  ConsentGiven,
  CoverageLost,
  ConsentRefused,
  RecordingFinalized,
  RecordingGap,
  RecordingRecovered,
  RecordingStateChanged,
  SegmentEnded,
  SegmentFirstPacket,
  SegmentStarted,
  SenderReport,
  TrackFailed,
  TrackPaused,
  TrackQuality,
  TrackRefused,
} from './recording-events.ts';
import {
  PeerJoined,
  PeerLeft,
  PeerReconnected,
  ProducerAdded,
  ProducerClosed,
  RoomClosed,
  SessionEnded,
  SessionOpened,
} from './session-events.ts';
import { SpeechPlayed, SpeechStopped } from './speech-events.ts';
import {
  DocumentAdded,
  DocumentPageViewed,
  DocumentReadConfirmed,
  DocumentSigned,
  SignatureAttested,
  SignatureRedoRequested,
  SignatureRefused,
  SignatureSubmitted,
} from './signing-events.ts';

/** The part of the server that writes an event type (docs/evidence-format.md's "Written by"). */
export type EventWriter = 'evidence' | 'recording' | 'liveness' | 'journeys' | 'speech' | 'authorization' | 'signing';

export interface EventSpec {
  /** Schema of the entry's `data`: the writer refuses data that does not match, readers narrow with it. */
  readonly data: v.GenericSchema;
  readonly writer: EventWriter;
  /** One line for the documentation: when the entry is written. */
  readonly when: string;
}

/**
 * Every event type the server writes into a session's `events.jsonl`, with the
 * schema of its `data`. The server's writer (`EvidenceService.append`) accepts
 * only these types and validates `data` against the schema; readers (verifier,
 * replay, CLI) narrow entries with {@link readEvent}. docs/evidence-format.md's
 * table of event types is generated from this table
 * (`node scripts/evidence-format-doc.ts`) and a test fails when they differ.
 *
 * Adding a type: write its `data` schema beside its kin (session-, recording-,
 * liveness- or package-events.ts), add one row here, regenerate the doc.
 * Packages written by older or newer servers may hold types not listed here:
 * they stay valid (the verifier accepts any type matching EVENT_TYPE_PATTERN)
 * and readers skip what they do not know.
 */
export const EVENTS = {
  'session.opened': { data: SessionOpened, writer: 'evidence', when: 'the session was created (first entry)' },
  'peer.joined': { data: PeerJoined, writer: 'evidence', when: 'a participant joined the room' },
  'peer.reconnected': {
    data: PeerReconnected,
    writer: 'evidence',
    when: "another connection of the same identity took over a participant's seat",
  },
  'peer.left': { data: PeerLeft, writer: 'evidence', when: 'a participant left (or its reconnection grace ran out)' },
  'producer.added': { data: ProducerAdded, writer: 'evidence', when: 'a participant started publishing a track' },
  'producer.closed': { data: ProducerClosed, writer: 'evidence', when: 'a published track was closed' },
  'room.closed': { data: RoomClosed, writer: 'evidence', when: 'the media room closed' },
  'session.ended': { data: SessionEnded, writer: 'evidence', when: 'the session ended' },
  'consent.given': { data: ConsentGiven, writer: 'recording', when: 'the customer consented to being recorded' },
  'consent.declined': {
    data: ConsentRefused,
    writer: 'recording',
    when: 'the customer declined the recording (a running one stops)',
  },
  'consent.withdrawn': {
    data: ConsentRefused,
    writer: 'recording',
    when: 'the customer withdrew consent (a running recording stops)',
  },
  'consent.external': {
    data: ConsentExternal,
    writer: 'recording',
    when: 'a recording started under the external consent policy',
  },
  'recording.state': { data: RecordingStateChanged, writer: 'recording', when: 'the recording changed state' },
  'recording.segment.started': {
    data: SegmentStarted,
    writer: 'recording',
    when: 'a track segment file was started',
  },
  'recording.segment.first-packet': {
    data: SegmentFirstPacket,
    writer: 'recording',
    when: 'the first packet of a segment arrived',
  },
  'recording.sender-report': {
    data: SenderReport,
    writer: 'recording',
    when: 'an RTCP sender report of a segment (the first, then every 30th)',
  },
  'recording.segment.ended': { data: SegmentEnded, writer: 'recording', when: 'a segment ended on request' },
  'recording.segment.interrupted': {
    data: SegmentEnded,
    writer: 'recording',
    when: 'a segment ended for any other reason (stall, pause, crash …)',
  },
  'recording.coverage.lost': {
    data: CoverageLost,
    writer: 'recording',
    when: 'a track stopped being recorded (stall over the threshold, closed, restarting)',
  },
  'recording.gap': {
    data: RecordingGap,
    writer: 'recording',
    when: 'a track was recorded again after a gap, or the recording ended during one',
  },
  'recording.track.paused': { data: TrackPaused, writer: 'recording', when: 'a recorded track was paused' },
  'recording.track.resumed': { data: TrackPaused, writer: 'recording', when: 'a recorded track was resumed' },
  'recording.track.failed': { data: TrackFailed, writer: 'recording', when: 'a track could not be recorded' },
  'recording.track.refused': {
    data: TrackRefused,
    writer: 'recording',
    when: 'a track was not recorded because a recording limit was reached',
  },
  'recording.track.quality': {
    data: TrackQuality,
    writer: 'recording',
    when: 'the size and frame rate a video segment is recorded at were measured',
  },
  'recording.finalized': {
    data: RecordingFinalized,
    writer: 'recording',
    when: 'the files and timing summary of a recording entered the package',
  },
  'recording.recovered': {
    data: RecordingRecovered,
    writer: 'recording',
    when: 'a recording a crash left behind was finished at the next start',
  },
  'liveness.started': { data: LivenessStarted, writer: 'liveness', when: 'challenges were issued to the customer' },
  'liveness.id-photo.set': {
    data: LivenessIdPhotoSet,
    writer: 'liveness',
    when: "the bank set the session's ID photo",
  },
  'liveness.refused': {
    data: LivenessRefused,
    writer: 'liveness',
    when: 'a liveness submission was refused before a decision (its frames are not kept)',
  },
  'liveness.decided': { data: LivenessDecided, writer: 'liveness', when: 'the server decided a liveness check' },
  'evidence.file.added': { data: EvidenceFileAdded, writer: 'evidence', when: 'a file entered the package' },
  'evidence.log.repaired': {
    data: EvidenceLogRepaired,
    writer: 'evidence',
    when: 'a torn last line was cut when the log was reopened',
  },
  'evidence.finalized': {
    data: EvidenceFinalized,
    writer: 'evidence',
    when: 'the package was finalized (always the last entry)',
  },
  // Simulcast layers of recorded video
  'recording.track.layer': {
    data: TrackLayerChanged,
    writer: 'recording',
    when: 'the simulcast layer written to a video segment changed',
  },
  // Scripted journeys (双录).
  'journey.started': {
    data: JourneyStarted,
    writer: 'journeys',
    when: 'a session with a journey opened (its definition is a journey-definition artifact)',
  },
  'journey.step.started': {
    data: JourneyStepStarted,
    writer: 'journeys',
    when: 'the agent opened a step (again after an interruption); the hash of the text shown',
  },
  'journey.step.completed': { data: JourneyStepCompleted, writer: 'journeys', when: 'a step was completed' },
  'journey.step.answered': {
    data: JourneyStepAnswered,
    writer: 'journeys',
    when: 'the customer gave an answer the question does not accept (it stays open)',
  },
  'journey.step.awaiting-override': {
    data: JourneyStepAwaitingOverride,
    writer: 'journeys',
    when: "a questionnaire found the product unsuitable; the agent's override is needed",
  },
  'journey.step.interrupted': {
    data: JourneyStepInterrupted,
    writer: 'journeys',
    when: 'a step that needs the recording lost it (it must be done again)',
  },
  'journey.confirmation.verified': {
    data: JourneyConfirmationVerified,
    writer: 'journeys',
    when: 'the server checked a nod or shake (frames) or a spoken answer (speech verifier) for a step',
  },
  'journey.step.skipped': { data: JourneyStepSkipped, writer: 'journeys', when: 'the agent skipped an optional step' },
  'journey.blocked': {
    data: JourneyBlocked,
    writer: 'journeys',
    when: 'a questionnaire found the product unsuitable and the journey blocks the sale',
  },
  'journey.completed': { data: JourneyCompleted, writer: 'journeys', when: 'every step of the journey was done' },
  'journey.ended': {
    data: JourneyEnded,
    writer: 'journeys',
    when: 'the package was sealed: complete, or the missing and interrupted steps',
  },
  // Speech played into the call.
  'speech.played': {
    data: SpeechPlayed,
    writer: 'speech',
    when: 'the server started playing speech (rendered text or a bank recording) into the call',
  },
  'speech.stopped': {
    data: SpeechStopped,
    writer: 'speech',
    when: 'speech playback ended before the audio did (on request, session end, failure)',
  },
  // Remote authorization (dual control).
  'authorization.requested': {
    data: AuthorizationRequested,
    writer: 'authorization',
    when: 'the agent asked for an authorization',
  },
  'authorization.escalated': {
    data: AuthorizationEscalated,
    writer: 'authorization',
    when: 'the SLA ran out and the request moved to a higher level',
  },
  'authorization.decided': {
    data: AuthorizationDecided,
    writer: 'authorization',
    when: 'an authorizer approved or declined (the signed decision is an artifact)',
  },
  'authorization.closed': {
    data: AuthorizationClosed,
    writer: 'authorization',
    when: 'the request was approved, declined, expired or cancelled',
  },
  // Face-to-face signing (signing-events.ts).
  'signing.document.added': {
    data: DocumentAdded,
    writer: 'signing',
    when: 'the bank added a document to sign, or to read only (no signature field)',
  },
  'signing.document.page-viewed': {
    data: DocumentPageViewed,
    writer: 'signing',
    when: 'a participant reported how long a page of the document was visible',
  },
  'signing.document.read-confirmed': {
    data: DocumentReadConfirmed,
    writer: 'signing',
    when: 'the customer confirmed having read the document',
  },
  'signing.signature.submitted': {
    data: SignatureSubmitted,
    writer: 'signing',
    when: 'a signature attempt was kept (strokes, image, still) at its media time',
  },
  'signing.signature.refused': {
    data: SignatureRefused,
    writer: 'signing',
    when: 'a signature attempt was refused (too simple, replayed, not confirmed …)',
  },
  'signing.signature.redo-requested': {
    data: SignatureRedoRequested,
    writer: 'signing',
    when: 'the agent asked the customer to sign again',
  },
  'signing.signature.attested': {
    data: SignatureAttested,
    writer: 'signing',
    when: 'the agent attested that the signature was made in view',
  },
  'signing.document.signed': {
    data: DocumentSigned,
    writer: 'signing',
    when: 'the signed PDF (stamped, PAdES-signed) entered the package',
  },
} as const satisfies Record<string, EventSpec>;

export type EventType = keyof typeof EVENTS;
/** The `data` of an event type. */
export type EventData<K extends EventType> = v.InferOutput<(typeof EVENTS)[K]['data']>;

/** What a writer appends: the log adds seq, time, prev and hash. */
export interface EvidenceEvent<K extends EventType = EventType> {
  readonly type: K;
  readonly data: EventData<K>;
  /**
   * Session-relative media time, ms. Omitted: computed from the session's
   * media origin (null before recording started).
   */
  readonly mediaTimeMs?: number | null;
}

/** Any event of the table, with its `data` tied to its `type` (for functions that pass events on). */
export type AnyEvidenceEvent = { [K in EventType]: EvidenceEvent<K> }[EventType];

/** An entry of `events.jsonl` whose data matched its type's schema. */
export type TypedEventEntry<K extends EventType> = Omit<EventEntry, 'type' | 'data'> & {
  readonly type: K;
  readonly data: EventData<K>;
};

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENTS, value);
}

/** Checks `data` against the type's schema: undefined when it matches, else what is wrong (first issue). */
export function checkEventData(type: EventType, data: unknown): string | undefined {
  const spec: EventSpec = EVENTS[type];
  const result = v.safeParse(spec.data, data);
  if (result.success) return undefined;
  const [issue] = result.issues;
  const path = v.getDotPath(issue) ?? '';
  return `${path === '' ? 'data' : `data.${path}`}: ${issue.message}`;
}

/**
 * The entry as its type, when it is of `type` and its data matches the
 * schema; undefined otherwise (another type, or data this reader cannot read,
 * e.g. from an older server). Never throws.
 */
export function readEvent<K extends EventType>(entry: EventEntry, type: K): TypedEventEntry<K> | undefined {
  if (entry.type !== type || checkEventData(type, entry.data) !== undefined) return undefined;
  return entry as unknown as TypedEventEntry<K>;
}
