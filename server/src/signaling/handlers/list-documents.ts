import { joined, type Handler } from '../context.ts';

/** Any participant: the session's documents (a late joiner's view of `documentAdded`). */
export const listDocuments: Handler<'listDocuments'> = async (context) => {
  const { room } = joined(context);
  return { documents: await context.services.signing.list(room.sessionId) };
};
