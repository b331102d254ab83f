import type { ResponseData } from '@aircounter/protocol';
import type { Handler } from '../context.ts';

/** The router's capabilities, for mediasoup-client's `device.load()`. Creates the room if needed. */
export const getRouterRtpCapabilities: Handler<'getRouterRtpCapabilities'> = async (context) => {
  const room = context.membership?.room ?? (await context.services.rooms.getOrCreate(context.identity.sessionId));
  // mediasoup types codec parameters loosely; the connection checks the response against the protocol schema.
  return {
    rtpCapabilities: room.router.rtpCapabilities as ResponseData<'getRouterRtpCapabilities'>['rtpCapabilities'],
  };
};
