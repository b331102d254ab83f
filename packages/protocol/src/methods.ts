import * as v from 'valibot';
import { DEFAULT_MAX_MESSAGE_BYTES } from './limits.ts';
import type { Role } from './roles.ts';
import { Empty } from './schemas/common.ts';
import {
  StartLivenessRequest,
  StartLivenessResponse,
  SubmitLivenessRequest,
  LivenessOutcome,
} from './schemas/liveness.ts';
import {
  JourneyActionRequest,
  JourneyActionResponse,
  JourneyStateRequest,
  JourneyStateResponse,
  ReplayDisclosureRequest,
  ReplayDisclosureResponse,
  ConfirmationVerdict,
  StartGestureConfirmationRequest,
  StartGestureConfirmationResponse,
  SubmitGestureConfirmationRequest,
  SubmitVoiceConfirmationRequest,
} from './schemas/journey.ts';
import * as media from './schemas/media.ts';
import {
  DeclineConsentRequest,
  GiveConsentRequest,
  RecordingStatusResponse,
  StartRecordingRequest,
  StopRecordingRequest,
  WithdrawConsentRequest,
} from './schemas/recording.ts';
import { JoinRequest, JoinResponse, LeaveRequest } from './schemas/session.ts';
import {
  AuthorizationView,
  CancelAuthorizationRequest,
  RequestAuthorizationRequest,
  TakeStillRequest,
  TakeStillResponse,
} from './schemas/authorization.ts';
import * as signing from './schemas/signing.ts';

interface MethodSpec {
  readonly request: v.GenericSchema;
  readonly response: v.GenericSchema;
  /** Roles the server lets call this method (least privilege). */
  readonly roles: readonly Role[];
  /** Largest accepted message for this method, bytes. */
  readonly maxBytes?: number;
}

const LIVE: readonly Role[] = ['customer', 'agent', 'supervisor'];

/**
 * Every client → server request: its params, its result, who may call it.
 * The server dispatches by this table and refuses anything not in it.
 */
export const METHODS = {
  getRouterRtpCapabilities: {
    request: media.GetRouterRtpCapabilitiesRequest,
    response: media.GetRouterRtpCapabilitiesResponse,
    roles: LIVE,
  },
  join: { request: JoinRequest, response: JoinResponse, roles: LIVE },
  leave: { request: LeaveRequest, response: Empty, roles: LIVE },
  createTransport: { request: media.CreateTransportRequest, response: media.CreateTransportResponse, roles: LIVE },
  connectTransport: { request: media.ConnectTransportRequest, response: Empty, roles: LIVE },
  restartIce: { request: media.RestartIceRequest, response: media.RestartIceResponse, roles: LIVE },
  produce: { request: media.ProduceRequest, response: media.ProduceResponse, roles: LIVE },
  closeProducer: { request: media.ProducerRequest, response: Empty, roles: LIVE },
  pauseProducer: { request: media.ProducerRequest, response: Empty, roles: LIVE },
  resumeProducer: { request: media.ProducerRequest, response: Empty, roles: LIVE },
  consume: { request: media.ConsumeRequest, response: media.ConsumeResponse, roles: LIVE },
  resumeConsumer: { request: media.ConsumerRequest, response: Empty, roles: LIVE },
  pauseConsumer: { request: media.ConsumerRequest, response: Empty, roles: LIVE },
  setConsumerPreferredLayers: { request: media.SetConsumerPreferredLayersRequest, response: Empty, roles: LIVE },
  giveConsent: { request: GiveConsentRequest, response: RecordingStatusResponse, roles: ['customer'] },
  declineConsent: { request: DeclineConsentRequest, response: RecordingStatusResponse, roles: ['customer'] },
  withdrawConsent: { request: WithdrawConsentRequest, response: RecordingStatusResponse, roles: ['customer'] },
  startRecording: { request: StartRecordingRequest, response: RecordingStatusResponse, roles: ['agent'] },
  stopRecording: { request: StopRecordingRequest, response: RecordingStatusResponse, roles: ['agent'] },
  startLiveness: { request: StartLivenessRequest, response: StartLivenessResponse, roles: ['customer'] },
  submitLiveness: {
    request: SubmitLivenessRequest,
    response: LivenessOutcome,
    roles: ['customer'],
    maxBytes: 1_800_000,
  },
  // Scripted journeys (双录): read the journey, act on a step (the engine checks the step's actor).
  journeyState: { request: JourneyStateRequest, response: JourneyStateResponse, roles: LIVE },
  journeyAction: { request: JourneyActionRequest, response: JourneyActionResponse, roles: ['customer', 'agent'] },
  // Nod, shake and voice confirmations: the server checks them before a step accepts them.
  startGestureConfirmation: {
    request: StartGestureConfirmationRequest,
    response: StartGestureConfirmationResponse,
    roles: ['customer'],
  },
  submitGestureConfirmation: {
    request: SubmitGestureConfirmationRequest,
    response: ConfirmationVerdict,
    roles: ['customer'],
    maxBytes: 1_300_000,
  },
  submitVoiceConfirmation: {
    request: SubmitVoiceConfirmationRequest,
    response: ConfirmationVerdict,
    roles: ['customer'],
    maxBytes: 240_000,
  },
  replayDisclosure: {
    request: ReplayDisclosureRequest,
    response: ReplayDisclosureResponse,
    roles: ['customer', 'agent'],
  },
  // Remote authorization: the agent takes stills, raises and cancels requests (deciding happens at the desk).
  takeStill: { request: TakeStillRequest, response: TakeStillResponse, roles: ['agent'] },
  requestAuthorization: { request: RequestAuthorizationRequest, response: AuthorizationView, roles: ['agent'] },
  cancelAuthorization: { request: CancelAuthorizationRequest, response: AuthorizationView, roles: ['agent'] },
  // Face-to-face signing (schemas/signing.ts, docs/signing.md).
  listDocuments: { request: signing.ListDocumentsRequest, response: signing.ListDocumentsResponse, roles: LIVE },
  getDocumentPart: { request: signing.GetDocumentPartRequest, response: signing.GetDocumentPartResponse, roles: LIVE },
  reportDocumentPage: { request: signing.ReportDocumentPageRequest, response: Empty, roles: ['customer', 'agent'] },
  leadDocumentPage: { request: signing.LeadDocumentPageRequest, response: Empty, roles: ['agent'] },
  confirmDocumentRead: { request: signing.ConfirmDocumentReadRequest, response: Empty, roles: ['customer'] },
  relaySignatureStroke: {
    request: signing.RelaySignatureStrokeRequest,
    response: Empty,
    roles: ['customer'],
    maxBytes: 128 * 1024,
  },
  submitSignature: {
    request: signing.SubmitSignatureRequest,
    response: signing.SubmitSignatureResponse,
    roles: ['customer'],
    maxBytes: 512 * 1024,
  },
  requestSignatureRedo: { request: signing.RequestSignatureRedoRequest, response: Empty, roles: ['agent'] },
  attestSignature: {
    request: signing.AttestSignatureRequest,
    response: signing.AttestSignatureResponse,
    roles: ['agent'],
  },
} as const satisfies Record<string, MethodSpec>;

export type MethodName = keyof typeof METHODS;
export type RequestData<M extends MethodName> = v.InferOutput<(typeof METHODS)[M]['request']>;
export type ResponseData<M extends MethodName> = v.InferOutput<(typeof METHODS)[M]['response']>;

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(METHODS, value);
}

export function maxBytesFor(method: MethodName): number {
  const spec: MethodSpec = METHODS[method];
  return spec.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
}

export function isAllowed(method: MethodName, role: Role): boolean {
  const spec: MethodSpec = METHODS[method];
  return spec.roles.includes(role);
}
