// Classes and types only: importing this module registers no tag. Register
// with the side-effect modules in `define/` (e.g. `@aircounter/elements/define/air-video-session.js`).
export { AirElement, type AirEventName, type AirEventDetail } from './base/air-element.ts';
export { define, type VersionedElement } from './base/define.ts';
export { LocalizeController, LOCALES, normalizeLocale, loadTranslation, type Locale } from './base/localize.ts';
export { SessionBinding, type SessionSource } from './base/session-binding.ts';
export { sessionContext, type SessionContextValue, type SessionViewState } from './base/session-context.ts';
export { errorDetail } from './base/error-detail.ts';
export { VERSION } from './base/version.ts';
export { AirSession } from './components/session/session.component.ts';
export { AirVideoSession } from './components/video-session/video-session.component.ts';
export { AirRecordingStatus } from './components/recording-status/recording-status.component.ts';
export { AirSignaturePad } from './components/signature-pad/signature-pad.component.ts';
export { AirRecordingConsent } from './components/recording-consent/recording-consent.component.ts';
export { AirDeviceHelp, type CallbackState } from './components/device-help/device-help.component.ts';
export {
  deviceProblem,
  detectPlatform,
  DEVICE_PROBLEMS,
  PLATFORMS,
  type DeviceProblem,
  type Platform,
} from './components/device-help/device-problem.ts';
export { errorMessage } from './base/error-message.ts';
export { AirLivenessCheck } from './components/liveness-check/liveness-check.component.ts';
export type { LivenessPort } from './components/liveness-check/liveness-check.controller.ts';
export { AirSessionReplay, type ReplayLoadState } from './components/session-replay/session-replay.component.ts';
export type { IntegrityState } from './components/session-replay/integrity-controller.ts';
export { PLAYBACK_RATES, type PlaybackRate } from './components/session-replay/playback-controller.ts';
export type { TermKey, Translation } from './translations/en.ts';
export type * from './events/index.ts';
