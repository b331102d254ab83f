import { joined, type Handler } from '../context.ts';

/** Picks the simulcast layer to receive (e.g. the agent's large view gets the top layer). */
export const setConsumerPreferredLayers: Handler<'setConsumerPreferredLayers'> = async (context, data) => {
  const { peer } = joined(context);
  const consumer = peer.consumer(data.consumerId);
  await consumer.setPreferredLayers(
    data.temporalLayer === undefined
      ? { spatialLayer: data.spatialLayer }
      : { spatialLayer: data.spatialLayer, temporalLayer: data.temporalLayer },
  );
  return {};
};
