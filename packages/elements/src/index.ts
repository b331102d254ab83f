// Classes and types only: importing this module registers no tag. Register
// with the side-effect modules in `define/` (e.g. `@aircounter/elements/define/air-video-session.js`).
export { AirElement, type AirEventName, type AirEventDetail } from './base/air-element.ts';
export { define, type VersionedElement } from './base/define.ts';
export { ElderlyController, ELDERLY_ATTRIBUTE, elderlyModeOn, setElderlyMode } from './base/elderly.ts';
export { ThemeController, THEME_ATTRIBUTE, pageTheme, setTheme, type Theme } from './base/theme.ts';
export { COLOR_TOKENS, type ColorToken, type SchemeColor } from './base/color-tokens.ts';
export {
  LocalizeController,
  LOCALES,
  normalizeLocale,
  loadTranslation,
  setTextOverrides,
  type Locale,
  type TextOverrides,
} from './base/localize.ts';
export { SessionBinding, type SessionSource } from './base/session-binding.ts';
export { sessionContext, type SessionContextValue, type SessionViewState } from './base/session-context.ts';
export { errorDetail } from './base/error-detail.ts';
export { VERSION } from './base/version.ts';
export { AirSession } from './components/session/session.component.ts';
export { AirVideoSession } from './components/video-session/video-session.component.ts';
export { AirRecordingStatus } from './components/recording-status/recording-status.component.ts';
export { AirSignaturePad } from './components/signature-pad/signature-pad.component.ts';
export {
  AirSignatureWitness,
  type WitnessAttestation,
  type WitnessedAttempt,
} from './components/signature-witness/signature-witness.component.ts';
export { MAX_REDO_REASON_LENGTH, REDO_PRESETS, type RedoPreset } from './components/signature-witness/redo-reason.ts';
export { AirDocumentViewer } from './components/document-viewer/document-viewer.component.ts';
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
export { AirAuthorizationRequest } from './components/authorization-request/authorization-request.component.ts';
export { toMinorUnits } from './base/money.ts';
export { AirAuthorizationDesk } from './components/authorization-desk/authorization-desk.component.ts';
export { DEFAULT_REASON_CODES, type DeskReasonCode } from './components/authorization-desk/desk-text.ts';
export type { TermKey, Translation } from './translations/en.ts';
export type * from './events/index.ts';
export { AirJourney } from './components/journey/journey.component.ts';
export { AirScriptPrompter } from './components/script-prompter/script-prompter.component.ts';
export { AirCaptions } from './components/captions/captions.component.ts';
export { CAPTIONS_STORAGE_KEY } from './components/captions/caption-preference.ts';
export { AirRiskQuestionnaire } from './components/risk-questionnaire/risk-questionnaire.component.ts';
export {
  JOURNEY_STEP_KINDS,
  type JourneyActionDetail,
  type JourneyActionName,
  type JourneyChoice,
  type JourneyConfirmation,
  type JourneyPlainAction,
  type JourneyState,
  type JourneyStepKind,
  type JourneyStepState,
  type JourneyStepView,
  type JourneyView,
} from './components/journey/journey-view.ts';
export {
  REASON_MAX_LENGTH,
  REASON_MIN_LENGTH,
  type CustomerProgress,
  type PrompterAction,
  type PrompterOutlineStep,
  type PrompterView,
} from './components/script-prompter/prompter-view.ts';
export {
  PRODUCT_RISK_LEVELS,
  RISK_LEVELS,
  type ProductRiskLevel,
  type QuestionnaireQuestion,
  type QuestionnaireResult,
  type QuestionnaireView,
  type RiskLevel,
} from './components/risk-questionnaire/questionnaire-view.ts';
