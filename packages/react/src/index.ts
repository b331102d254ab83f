// One React component per `air-*` element. Each lives in its own module, and
// this package has no side effects of its own: a bundler keeps only the
// components a page uses (and registers only their elements), so a page
// without <AirLivenessCheck> never reaches the liveness check or
// @aircounter/vision.
export { AirAuthorizationDesk } from './components/air-authorization-desk.ts';
export { AirAuthorizationRequest } from './components/air-authorization-request.ts';
export { AirCaptions } from './components/air-captions.ts';
export { AirDeviceHelp } from './components/air-device-help.ts';
export { AirDocumentViewer } from './components/air-document-viewer.ts';
export { AirJourney } from './components/air-journey.ts';
export { AirLivenessCheck } from './components/air-liveness-check.ts';
export { AirRecordingConsent } from './components/air-recording-consent.ts';
export { AirRecordingStatus } from './components/air-recording-status.ts';
export { AirRiskQuestionnaire } from './components/air-risk-questionnaire.ts';
export { AirScriptPrompter } from './components/air-script-prompter.ts';
export { AirSession } from './components/air-session.ts';
export { AirSessionReplay } from './components/air-session-replay.ts';
export { AirSignaturePad } from './components/air-signature-pad.ts';
export { AirSignatureWitness } from './components/air-signature-witness.ts';
export { AirVideoSession } from './components/air-video-session.ts';
export { EVENT_PROPS, type AirEventProps } from './event-props.ts';
export type { AirReactComponent, AirReactEvents } from './wrap.ts';
