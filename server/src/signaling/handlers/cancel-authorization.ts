import { joined, type Handler } from '../context.ts';

/** Agent: withdraws its own pending request (AUTHZ_NOT_PENDING once decided, expired or cancelled). */
export const cancelAuthorization: Handler<'cancelAuthorization'> = (context, data) => {
  const { room } = joined(context);
  return context.services.authorization.cancel(room.sessionId, context.identity.peerId, data.requestId);
};
