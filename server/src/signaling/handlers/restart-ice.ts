import { joined, type Handler } from '../context.ts';

export const restartIce: Handler<'restartIce'> = async (context, data) => {
  const { peer } = joined(context);
  const iceParameters = await peer.anyTransport(data.transportId).restartIce();
  return { iceParameters };
};
