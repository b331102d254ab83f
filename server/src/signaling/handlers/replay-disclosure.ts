import { joined, type Handler } from '../context.ts';

/**
 * Customer or agent: the open disclosure step's speech once more. Only the
 * step's own text can be played (never text from the caller); the server's
 * repeat limit bounds how often.
 */
export const replayDisclosure: Handler<'replayDisclosure'> = async (context, data) => {
  const { room } = joined(context);
  return context.services.journeys.replayDisclosure(room, data.stepId);
};
