import { joined, type Handler } from '../context.ts';

/**
 * Customer: the gesture's evidence frames. The server re-runs the face models on them, writes its signed
 * verdict to the evidence chain and answers pass/fail with the verdict's id for the journey action.
 */
export const submitGestureConfirmation: Handler<'submitGestureConfirmation'> = (context, data) => {
  const { room, peer } = joined(context);
  return context.services.confirmations.submitGesture(room, peer.id, data);
};
