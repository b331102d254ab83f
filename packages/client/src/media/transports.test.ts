import type { ResponseData } from '@aircounter/protocol';
import { describe, expect, it } from 'vitest';
import { transportOptions } from './transports.ts';

const PARAMS: ResponseData<'createTransport'> = {
  transportId: 't1',
  iceParameters: { usernameFragment: 'u', password: 'p', iceLite: true },
  iceCandidates: [{ foundation: 'f', ip: '127.0.0.1', port: 40000, protocol: 'udp', type: 'host', priority: 1 }],
  dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] },
};
const TURN = { urls: ['turn:turn.bank.example:3478?transport=udp'], username: '1796392800:c1', credential: 'x' };

describe('transport options from the join answer', () => {
  it('use the TURN servers of the join answer and no policy by default', () => {
    const options = transportOptions(PARAMS, { iceServers: [TURN], iceTransportPolicy: 'all' });
    expect(options.iceServers).toEqual([TURN]);
    expect(options.iceTransportPolicy).toBeUndefined();
    expect(transportOptions(PARAMS).iceServers).toBeUndefined();
  });

  it('force relay when the page or the server asks for it', () => {
    expect(transportOptions(PARAMS, { iceServers: [TURN], iceTransportPolicy: 'relay' }).iceTransportPolicy).toBe(
      'relay',
    );
  });
});
