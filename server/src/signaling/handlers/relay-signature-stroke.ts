import { joined, type Handler } from '../context.ts';

/** Customer: a stroke just drawn, passed on live to the agent and supervisor. */
export const relaySignatureStroke: Handler<'relaySignatureStroke'> = async (context, data) => {
  const { room, peer } = joined(context);
  await context.services.signing.relayStroke(room, peer, data);
  return {};
};
