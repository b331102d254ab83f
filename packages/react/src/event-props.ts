// The React event props of every element: `onAirSessionEnded` → the element's
// `air-session-ended`. The type below is derived from @aircounter/elements'
// element table, so this object fails to compile when an element or an event
// is added there (or removed) and not here; src/event-props.test.ts compares
// the table with the elements' custom-elements.json.
import type { AirEventPropName, AirEventsOf, AirTagName } from '@aircounter/elements/jsx';

/** For each tag: handler prop name → event name, exactly the events the element fires. */
export type AirEventProps = {
  [T in AirTagName]: { [E in AirEventsOf<T> as AirEventPropName<E>]: E };
};

export const EVENT_PROPS: AirEventProps = {
  'air-authorization-desk': {
    onAirDeskJoin: 'air-desk-join',
    onAirDeskDecided: 'air-desk-decided',
    onAirDeskClosed: 'air-desk-closed',
    onAirError: 'air-error',
  },
  'air-authorization-request': { onAirError: 'air-error' },
  'air-captions': { onAirCaptionsToggled: 'air-captions-toggled' },
  'air-device-help': { onAirRequestRetry: 'air-request-retry', onAirRequestCallback: 'air-request-callback' },
  'air-document-viewer': {
    onAirDocumentPage: 'air-document-page',
    onAirDocumentPageChange: 'air-document-page-change',
    onAirDocumentRead: 'air-document-read',
    onAirError: 'air-error',
  },
  'air-journey': { onAirJourneyAction: 'air-journey-action', onAirCaption: 'air-caption' },
  'air-liveness-check': {
    onAirLivenessCompleted: 'air-liveness-completed',
    onAirError: 'air-error',
    onAirCaption: 'air-caption',
  },
  'air-recording-consent': { onAirConsentChanged: 'air-consent-changed', onAirError: 'air-error' },
  'air-recording-status': { onAirError: 'air-error' },
  'air-risk-questionnaire': { onAirJourneyAction: 'air-journey-action' },
  'air-script-prompter': { onAirJourneyAction: 'air-journey-action' },
  'air-session': {
    onAirSessionJoined: 'air-session-joined',
    onAirSessionEnded: 'air-session-ended',
    onAirError: 'air-error',
  },
  'air-session-replay': {
    onAirReplayLoaded: 'air-replay-loaded',
    onAirReplayVerified: 'air-replay-verified',
    onAirReplayMarkerSelected: 'air-replay-marker-selected',
    onAirError: 'air-error',
  },
  'air-signature-pad': {
    onAirSignatureStrokeDrawn: 'air-signature-stroke-drawn',
    onAirSignatureCleared: 'air-signature-cleared',
    onAirRequestSign: 'air-request-sign',
  },
  'air-signature-witness': {
    onAirRequestSignatureRedo: 'air-request-signature-redo',
    onAirRequestSignatureAttest: 'air-request-signature-attest',
  },
  'air-video-session': {
    onAirSessionJoined: 'air-session-joined',
    onAirSessionEnded: 'air-session-ended',
    onAirParticipantJoined: 'air-participant-joined',
    onAirParticipantLeft: 'air-participant-left',
    onAirMuteChanged: 'air-mute-changed',
    onAirError: 'air-error',
    onAirRequestHangUp: 'air-request-hang-up',
    onAirRequestRejoin: 'air-request-rejoin',
  },
};
