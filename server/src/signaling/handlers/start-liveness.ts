import { joined, type Handler } from '../context.ts';

/** Customer: a fresh random challenge sequence and its single-use nonce. */
export const startLiveness: Handler<'startLiveness'> = (context) => {
  const { room, peer } = joined(context);
  return context.services.liveness.start(room.sessionId, peer.id);
};
