// The one table of the framework typings: every public element, its class and
// the events it fires. The JSX and Vue typings (this folder) and the React
// wrappers of @aircounter/react are derived from it; a test compares it with
// custom-elements.json, so an element or an event added to the package but
// not here fails the build's tests.
import type { AirAuthorizationDesk } from '../components/authorization-desk/authorization-desk.component.ts';
import type { AirAuthorizationRequest } from '../components/authorization-request/authorization-request.component.ts';
import type { AirCaptions } from '../components/captions/captions.component.ts';
import type { AirDeviceHelp } from '../components/device-help/device-help.component.ts';
import type { AirDocumentViewer } from '../components/document-viewer/document-viewer.component.ts';
import type { AirJourney } from '../components/journey/journey.component.ts';
import type { AirLivenessCheck } from '../components/liveness-check/liveness-check.component.ts';
import type { AirRecordingConsent } from '../components/recording-consent/recording-consent.component.ts';
import type { AirRecordingStatus } from '../components/recording-status/recording-status.component.ts';
import type { AirRiskQuestionnaire } from '../components/risk-questionnaire/risk-questionnaire.component.ts';
import type { AirScriptPrompter } from '../components/script-prompter/script-prompter.component.ts';
import type { AirSessionReplay } from '../components/session-replay/session-replay.component.ts';
import type { AirSession } from '../components/session/session.component.ts';
import type { AirSignaturePad } from '../components/signature-pad/signature-pad.component.ts';
import type { AirSignatureWitness } from '../components/signature-witness/signature-witness.component.ts';
import type { AirVideoSession } from '../components/video-session/video-session.component.ts';
import type { AirEventName } from '../base/air-element.ts';
// The events' declarations (their `GlobalEventHandlersEventMap` entries) travel with the table: a page that
// imports only these typings, or only @aircounter/react, still gets every event's type.
export type * from '../events/index.ts';

/** Tag name → element class and the names of the events it fires. */
export interface AirElementTable {
  'air-authorization-desk': {
    element: AirAuthorizationDesk;
    events: 'air-desk-join' | 'air-desk-decided' | 'air-desk-closed' | 'air-error';
  };
  'air-authorization-request': { element: AirAuthorizationRequest; events: 'air-error' };
  'air-captions': { element: AirCaptions; events: 'air-captions-toggled' };
  'air-device-help': { element: AirDeviceHelp; events: 'air-request-retry' | 'air-request-callback' };
  'air-document-viewer': {
    element: AirDocumentViewer;
    events: 'air-document-page' | 'air-document-page-change' | 'air-document-read' | 'air-error';
  };
  'air-journey': { element: AirJourney; events: 'air-journey-action' | 'air-caption' };
  'air-liveness-check': {
    element: AirLivenessCheck;
    events: 'air-liveness-completed' | 'air-error' | 'air-caption';
  };
  'air-recording-consent': { element: AirRecordingConsent; events: 'air-consent-changed' | 'air-error' };
  'air-recording-status': { element: AirRecordingStatus; events: 'air-error' };
  'air-risk-questionnaire': { element: AirRiskQuestionnaire; events: 'air-journey-action' };
  'air-script-prompter': { element: AirScriptPrompter; events: 'air-journey-action' };
  'air-session': { element: AirSession; events: 'air-session-joined' | 'air-session-ended' | 'air-error' };
  'air-session-replay': {
    element: AirSessionReplay;
    events: 'air-replay-loaded' | 'air-replay-verified' | 'air-replay-marker-selected' | 'air-error';
  };
  'air-signature-pad': {
    element: AirSignaturePad;
    events: 'air-signature-stroke-drawn' | 'air-signature-cleared' | 'air-request-sign';
  };
  'air-signature-witness': {
    element: AirSignatureWitness;
    events: 'air-request-signature-redo' | 'air-request-signature-attest';
  };
  'air-video-session': {
    element: AirVideoSession;
    events:
      | 'air-session-joined'
      | 'air-session-ended'
      | 'air-participant-joined'
      | 'air-participant-left'
      | 'air-mute-changed'
      | 'air-error'
      | 'air-request-hang-up'
      | 'air-request-rejoin';
  };
}

/** Tag names of the public elements. */
export type AirTagName = keyof AirElementTable;

/** The events the element `T` fires. */
export type AirEventsOf<T extends AirTagName> = AirCheckedElementTable[T]['events'];

/** Names only events declared in `events/` (a type argument outside the constraint fails to compile). */
type CheckedTable<T extends { [K in keyof T]: { events: AirEventName } }> = T;
export type AirCheckedElementTable = CheckedTable<AirElementTable>;
