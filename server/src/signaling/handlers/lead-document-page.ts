import { joined, type Handler } from '../context.ts';

/** Agent: "follow me" — the page the agent shows is sent to the other participants' viewers. */
export const leadDocumentPage: Handler<'leadDocumentPage'> = async (context, data) => {
  const { room, peer } = joined(context);
  await context.services.signing.leadPage(room, peer, data);
  return {};
};
