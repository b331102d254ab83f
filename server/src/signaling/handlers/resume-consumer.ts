import { joined, type Handler } from '../context.ts';

/** Starts media flowing to the client; for video, mediasoup requests a keyframe from the sender. */
export const resumeConsumer: Handler<'resumeConsumer'> = async (context, data) => {
  const { peer } = joined(context);
  await peer.consumer(data.consumerId).resume();
  return {};
};
