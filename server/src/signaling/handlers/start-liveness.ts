import { joined, type Handler } from '../context.ts';

/** Customer: a fresh random challenge sequence and its single-use nonce. */
export const startLiveness: Handler<'startLiveness'> = (context) => {
  const { peer, session } = joined(context);
  return context.services.liveness.start(session.id, peer.id);
};
