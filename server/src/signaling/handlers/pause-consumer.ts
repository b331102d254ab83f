import { joined, type Handler } from '../context.ts';

export const pauseConsumer: Handler<'pauseConsumer'> = async (context, data) => {
  const { peer } = joined(context);
  await peer.consumer(data.consumerId).pause();
  return {};
};
