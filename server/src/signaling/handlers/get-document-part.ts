import { joined, type Handler } from '../context.ts';

/** Any participant: a part of a document's PDF, over the connection its join token opened. */
export const getDocumentPart: Handler<'getDocumentPart'> = async (context, data) => {
  const { room } = joined(context);
  return context.services.signing.readPart(room.sessionId, data.documentId, data.offset);
};
