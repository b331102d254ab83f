import type { MethodName } from '@aircounter/protocol';
import type { Handler } from '../context.ts';
import { closeProducer } from './close-producer.ts';
import { connectTransport } from './connect-transport.ts';
import { consume } from './consume.ts';
import { createTransport } from './create-transport.ts';
import { declineConsent } from './decline-consent.ts';
import { getRouterRtpCapabilities } from './get-router-rtp-capabilities.ts';
import { giveConsent } from './give-consent.ts';
import { join } from './join.ts';
import { journeyAction } from './journey-action.ts';
import { replayDisclosure } from './replay-disclosure.ts';
import { journeyState } from './journey-state.ts';
import { leadDocumentPage } from './lead-document-page.ts';
import { leave } from './leave.ts';
import { pauseConsumer } from './pause-consumer.ts';
import { pauseProducer } from './pause-producer.ts';
import { produce } from './produce.ts';
import { restartIce } from './restart-ice.ts';
import { resumeConsumer } from './resume-consumer.ts';
import { resumeProducer } from './resume-producer.ts';
import { setConsumerPreferredLayers } from './set-consumer-preferred-layers.ts';
import { startGestureConfirmation } from './start-gesture-confirmation.ts';
import { startLiveness } from './start-liveness.ts';
import { startRecording } from './start-recording.ts';
import { stopRecording } from './stop-recording.ts';
import { submitGestureConfirmation } from './submit-gesture-confirmation.ts';
import { submitLiveness } from './submit-liveness.ts';
import { submitVoiceConfirmation } from './submit-voice-confirmation.ts';
import { withdrawConsent } from './withdraw-consent.ts';
import { cancelAuthorization } from './cancel-authorization.ts';
import { requestAuthorization } from './request-authorization.ts';
import { takeStill } from './take-still.ts';
import { attestSignature } from './attest-signature.ts';
import { confirmDocumentRead } from './confirm-document-read.ts';
import { getDocumentPart } from './get-document-part.ts';
import { listDocuments } from './list-documents.ts';
import { relaySignatureStroke } from './relay-signature-stroke.ts';
import { reportDocumentPage } from './report-document-page.ts';
import { requestSignatureRedo } from './request-signature-redo.ts';
import { submitSignature } from './submit-signature.ts';

export type HandlerTable = { readonly [M in MethodName]?: Handler<M> };

/**
 * Method name → handler, one file per method (kebab-case of the method name).
 * To add one: write `handlers/<method>.ts` exporting `const <method>: Handler<'<method>'>`,
 * import it here and add it to the table. A method of the protocol without an
 * entry here is answered with INTERNAL "not available" (see connection.ts).
 */
export const HANDLERS: HandlerTable = {
  getRouterRtpCapabilities,
  join,
  leave,
  createTransport,
  connectTransport,
  restartIce,
  produce,
  closeProducer,
  pauseProducer,
  resumeProducer,
  consume,
  resumeConsumer,
  pauseConsumer,
  setConsumerPreferredLayers,
  giveConsent,
  declineConsent,
  withdrawConsent,
  startRecording,
  stopRecording,
  startLiveness,
  submitLiveness,
  journeyState,
  journeyAction,
  startGestureConfirmation,
  submitGestureConfirmation,
  submitVoiceConfirmation,
  replayDisclosure,
  // Remote authorization.
  takeStill,
  requestAuthorization,
  cancelAuthorization,
  // Face-to-face signing.
  listDocuments,
  getDocumentPart,
  reportDocumentPage,
  leadDocumentPage,
  confirmDocumentRead,
  relaySignatureStroke,
  submitSignature,
  requestSignatureRedo,
  attestSignature,
};

export function handlerFor<M extends MethodName>(handlers: HandlerTable, method: M): Handler<M> | undefined {
  return handlers[method] as Handler<M> | undefined;
}
