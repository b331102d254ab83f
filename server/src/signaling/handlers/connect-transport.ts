import { AirError } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import { joined, type Handler } from '../context.ts';

export const connectTransport: Handler<'connectTransport'> = async (context, data) => {
  const { peer } = joined(context);
  const transport = peer.anyTransport(data.transportId);
  try {
    await transport.connect({ dtlsParameters: data.dtlsParameters as types.DtlsParameters });
  } catch (error) {
    // mediasoup refuses a second connect and malformed fingerprints.
    throw new AirError('MEDIA_REJECTED', 'transport could not be connected', { cause: error });
  }
  return {};
};
