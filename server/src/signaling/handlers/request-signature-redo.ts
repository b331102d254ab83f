import { joined, type Handler } from '../context.ts';

/** Agent: asks the customer to sign again (every attempt stays in the evidence). */
export const requestSignatureRedo: Handler<'requestSignatureRedo'> = async (context, data) => {
  const { room, peer } = joined(context);
  await context.services.signing.requestRedo(room, peer, data);
  return {};
};
