import { COVERAGE_CAUSES, type CoverageCause } from '@aircounter/protocol';
import type { JsonObject } from '@aircounter/evidence';
import type { ReplayDocument, ReplayMarker, ReplayParticipant } from '@aircounter/evidence/replay';
import type { TermKey } from '../../translations/en.ts';
import { formatDuration } from './format-time.ts';

/** `localize.term` of the element, bound. */
export type Term = (key: TermKey, values?: Readonly<Record<string, string | number>>) => string;

const ROLES: readonly string[] = ['customer', 'agent', 'supervisor', 'auditor'];
const LEAVE_REASONS: readonly string[] = ['left', 'disconnected', 'kicked', 'session-ended'];
const RECORDING_STATES: readonly string[] = ['idle', 'starting', 'active', 'ending', 'complete', 'failed', 'aborted'];

const AUTHORIZATION_STATUSES: readonly string[] = ['approved', 'declined', 'expired', 'cancelled'];

const str = (data: JsonObject, key: string): string | undefined => {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
};
const num = (data: JsonObject, key: string): number | undefined => {
  const value = data[key];
  return typeof value === 'number' ? value : undefined;
};

/** A document's title as its `signing.document.added` entry gives it (its id when the log lacks that entry). */
export function documentTitle(documents: ReadonlyMap<string, ReplayDocument>, documentId: string): string {
  return documents.get(documentId)?.title ?? documentId;
}

/** A journey step as the chapters name it: "Step 3" (the log's index is 0-based). */
function stepNumber(data: JsonObject): number | string {
  const index = num(data, 'index');
  return index === undefined ? (str(data, 'stepId') ?? '') : index + 1;
}

/** A participant's name as the log recorded it (their peer id when no name was logged). */
export function participantName(
  term: Term,
  participants: ReadonlyMap<string, ReplayParticipant>,
  peerId: string | undefined,
): string {
  if (peerId === undefined) return term('sessionReplay.unknownParticipant');
  return participants.get(peerId)?.displayName ?? peerId;
}

export function roleName(term: Term, role: string | undefined): string {
  if (role === undefined) return '';
  return ROLES.includes(role) ? term(`role.${role as 'customer'}`) : role;
}

/** `liveness.decided` stores the server's decision (`decision.passed`); older entries a flat `passed`. */
function livenessPassed(data: JsonObject): boolean {
  const decision = data['decision'];
  if (typeof decision === 'object' && decision !== null && !Array.isArray(decision)) {
    return (decision as JsonObject)['passed'] === true;
  }
  return data['passed'] === true;
}

/** A gap's length: logged as `durationMs`, or as its bounds `fromMs`/`toMs` (the recorder's form). */
function gapDuration(data: JsonObject): number | undefined {
  const duration = data['durationMs'];
  if (typeof duration === 'number') return duration;
  const from = data['fromMs'];
  const to = data['toMs'];
  return typeof from === 'number' && typeof to === 'number' && to >= from ? to - from : undefined;
}

/** The recorder's reasons for ending a segment, as the coverage cause a reviewer reads. */
const SEGMENT_END_CAUSES: Readonly<Record<string, CoverageCause>> = {
  paused: 'camera-off',
  stalled: 'network',
  'ffmpeg-crashed': 'recorder-restart',
  'producer-closed': 'track-closed',
};

/**
 * A gap's cause: `cause` as the continuity monitor logs it (one of the
 * coverage causes), or the recorder's segment-end `reason` mapped to one.
 */
function gapCause(data: JsonObject): CoverageCause | undefined {
  const cause = data['cause'];
  if (typeof cause === 'string' && (COVERAGE_CAUSES as readonly string[]).includes(cause)) {
    return cause as CoverageCause;
  }
  const reason = data['reason'];
  return typeof reason === 'string' && Object.hasOwn(SEGMENT_END_CAUSES, reason)
    ? SEGMENT_END_CAUSES[reason]
    : undefined;
}

/** What a marker says, in the reviewer's language (free-text values stay as logged). */
export function markerText(
  term: Term,
  marker: ReplayMarker,
  participants: ReadonlyMap<string, ReplayParticipant>,
  documents: ReadonlyMap<string, ReplayDocument> = new Map(),
): string {
  const name = participantName(term, participants, marker.peerId);
  const data = marker.data;
  const title = documentTitle(documents, str(data, 'documentId') ?? '');
  switch (marker.kind) {
    case 'join': {
      const role = str(data, 'role') ?? participants.get(marker.peerId ?? '')?.role;
      return term('sessionReplay.marker.join', { name, role: roleName(term, role) });
    }
    case 'leave': {
      const reason = str(data, 'reason') ?? '';
      return LEAVE_REASONS.includes(reason)
        ? term(`sessionReplay.marker.leave.${reason as 'left'}`, { name })
        : term('sessionReplay.marker.leave', { name, reason });
    }
    case 'consent':
      return term('sessionReplay.marker.consent', { name });
    case 'consent-withdrawn':
      return term('sessionReplay.marker.consentWithdrawn', { name });
    case 'consent-declined':
      return term('sessionReplay.marker.consentDeclined', { name });
    case 'consent-external':
      return term('sessionReplay.marker.consentExternal', { policy: str(data, 'policy') ?? '' });
    case 'recording': {
      const state = str(data, 'state') ?? '';
      const text = RECORDING_STATES.includes(state) ? term(`sessionReplay.recordingState.${state as 'idle'}`) : state;
      return term('sessionReplay.marker.recording', { state: text });
    }
    case 'gap': {
      const duration = gapDuration(data);
      const text =
        duration === undefined
          ? term('sessionReplay.marker.gap')
          : term('sessionReplay.marker.gapFor', { duration: formatDuration(duration) });
      const cause = gapCause(data);
      return cause === undefined ? text : `${text}: ${term(`recording.cause.${cause}`)}`;
    }
    case 'liveness':
      return term(
        livenessPassed(data) ? 'sessionReplay.marker.livenessPassed' : 'sessionReplay.marker.livenessFailed',
        {
          name,
        },
      );
    case 'journey-answer-refused':
      return term('sessionReplay.marker.journeyAnswerRefused', { step: stepNumber(data) });
    case 'journey-override-needed':
      return term('sessionReplay.marker.journeyOverrideNeeded', { step: stepNumber(data) });
    case 'journey-blocked':
      return term('sessionReplay.marker.journeyBlocked', { step: stepNumber(data) });
    case 'authorization-requested':
      return term('sessionReplay.marker.authorizationRequested', { operation: str(data, 'operationType') ?? '' });
    case 'authorization-escalated':
      return term('sessionReplay.marker.authorizationEscalated', { level: num(data, 'toLevel') ?? '' });
    case 'authorization': {
      const decision = str(data, 'decision');
      const authorizer = str(data, 'authorizerId') ?? '';
      if (decision === 'approve') return term('sessionReplay.marker.authorizationApproved', { authorizer });
      if (decision === 'decline') return term('sessionReplay.marker.authorizationDeclined', { authorizer });
      return term('sessionReplay.marker.authorization', { result: str(data, 'result') ?? decision ?? '' });
    }
    case 'authorization-closed': {
      const status = str(data, 'status') ?? '';
      const text = AUTHORIZATION_STATUSES.includes(status)
        ? term(`sessionReplay.authorizationStatus.${status as 'approved'}`)
        : status;
      return term('sessionReplay.marker.authorizationClosed', { status: text });
    }
    case 'document-read':
      return term('sessionReplay.marker.documentRead', { title, shortCode: str(data, 'shortCode') ?? '' });
    case 'signature':
      return term('sessionReplay.marker.signature', { attempt: num(data, 'attempt') ?? '', title });
    case 'signature-refused':
      return term('sessionReplay.marker.signatureRefused', { title, reason: str(data, 'reason') ?? '' });
    case 'signature-redo':
      return term('sessionReplay.marker.signatureRedo', { reason: str(data, 'reason') ?? '' });
    case 'signature-attested':
      return term('sessionReplay.marker.signatureAttested', { attempt: num(data, 'attempt') ?? '', title });
    case 'document-signed':
      return term('sessionReplay.marker.documentSigned', { title });
    case 'repair':
      return term('sessionReplay.marker.repair');
    case 'session-end':
      return term('sessionReplay.marker.sessionEnd', { reason: str(data, 'reason') ?? '' });
  }
}
