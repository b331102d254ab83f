import { joined, type Handler } from '../context.ts';

/** Customer or agent: how long a page of a document was visible (bounded per document). */
export const reportDocumentPage: Handler<'reportDocumentPage'> = async (context, data) => {
  const { room, peer } = joined(context);
  await context.services.signing.reportPage(room, peer, data);
  return {};
};
