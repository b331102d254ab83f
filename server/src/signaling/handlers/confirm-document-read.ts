import { joined, type Handler } from '../context.ts';

/** Customer: "I have read and agree", naming the short code shown with the document. */
export const confirmDocumentRead: Handler<'confirmDocumentRead'> = async (context, data) => {
  const { room, peer } = joined(context);
  await context.services.signing.confirmRead(room, peer, data);
  return {};
};
