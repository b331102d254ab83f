import { joined, type Handler } from '../context.ts';

export const closeProducer: Handler<'closeProducer'> = (context, data) => {
  const { peer } = joined(context);
  // Closing notifies the room (see Room.addProducer) and closes every consumer of it.
  peer.producer(data.producerId).producer.close();
  return {};
};
