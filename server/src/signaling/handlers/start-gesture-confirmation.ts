import { joined, type Handler } from '../context.ts';

/**
 * Customer: opens a nod or shake check for the open step (and the answer it confirms). Bounded per step
 * (CONFIRMATION_ATTEMPTS_EXHAUSTED); the nonce is bound to the session, step, answer and gesture.
 */
export const startGestureConfirmation: Handler<'startGestureConfirmation'> = (context, data) => {
  const { room, peer } = joined(context);
  return context.services.confirmations.startGesture(room, peer.id, data);
};
