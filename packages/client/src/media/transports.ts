import {
  AirError,
  MEDIA_SOURCES,
  parseRequest,
  type IceServer,
  type MediaSource,
  type RequestData,
  type ResponseData,
} from '@aircounter/protocol';
import type { Device } from 'mediasoup-client';
import type { AppData, ConnectionState, IceCandidate, Transport, TransportOptions } from 'mediasoup-client/types';
import type { Signaling } from '../signaling/signaling.ts';

export type Direction = 'send' | 'recv';

/** What the client attaches to each producer; the server never sees appData (it builds its own). */
export interface ProducerAppData extends AppData {
  source: MediaSource;
}

function isMediaSource(value: unknown): value is MediaSource {
  return typeof value === 'string' && (MEDIA_SOURCES as readonly string[]).includes(value);
}

function iceCandidates(raw: ResponseData<'createTransport'>['iceCandidates']): IceCandidate[] {
  return raw.map((candidate) => {
    if (candidate.protocol !== 'udp' && candidate.protocol !== 'tcp') {
      throw new AirError('MALFORMED_MESSAGE', `ICE candidate protocol ${candidate.protocol}`);
    }
    if (!['host', 'srflx', 'prflx', 'relay'].includes(candidate.type)) {
      throw new AirError('MALFORMED_MESSAGE', `ICE candidate type ${candidate.type}`);
    }
    const address = typeof candidate['address'] === 'string' ? candidate['address'] : candidate.ip;
    return { ...candidate, address, protocol: candidate.protocol, type: candidate.type as IceCandidate['type'] };
  });
}

/** STUN/TURN servers and policy from the join answer (and the page's own policy). */
export interface IceOptions {
  readonly iceServers: readonly IceServer[];
  readonly iceTransportPolicy: 'all' | 'relay';
}

export function transportOptions(params: ResponseData<'createTransport'>, ice?: IceOptions): TransportOptions {
  const options: TransportOptions = {
    id: params.transportId,
    iceParameters: params.iceParameters,
    iceCandidates: iceCandidates(params.iceCandidates),
    dtlsParameters: params.dtlsParameters,
  };
  const servers = [...(params.iceServers ?? []), ...(ice?.iceServers ?? [])];
  if (servers.length > 0) options.iceServers = servers;
  if (ice?.iceTransportPolicy === 'relay') options.iceTransportPolicy = 'relay';
  return options;
}

/**
 * Creates a WebRTC transport on the server and its local counterpart, wired
 * to signaling: DTLS `connect` and, for sending, `produce`.
 * `onConnectionState` sees ICE/DTLS state changes (the session restarts ICE).
 */
export async function createTransport(
  signaling: Signaling,
  device: Device,
  direction: Direction,
  onConnectionState: (transport: Transport, state: ConnectionState) => void,
  ice?: IceOptions,
): Promise<Transport> {
  const params = await signaling.request('createTransport', { direction });
  const options = transportOptions(params, ice);
  const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
  transport.on('connect', ({ dtlsParameters }, callback, errback) => {
    signaling.request('connectTransport', { transportId: transport.id, dtlsParameters }).then(
      () => callback(),
      (error: unknown) => errback(AirError.from(error, 'INTERNAL', 'connectTransport')),
    );
  });
  if (direction === 'send') {
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const source = appData['source'];
      if (!isMediaSource(source)) {
        errback(new AirError('INTERNAL', 'producer without a source'));
        return;
      }
      // mediasoup-client types codec parameters loosely (`unknown`); parsing
      // checks them against the protocol's bounds before they leave the page.
      let request: RequestData<'produce'>;
      try {
        request = parseRequest('produce', {
          transportId: transport.id,
          kind,
          rtpParameters,
          source,
          paused: appData['paused'] === true,
        });
      } catch (error) {
        errback(AirError.from(error, 'INTERNAL', 'produce'));
        return;
      }
      signaling.request('produce', request).then(
        ({ producerId }) => callback({ id: producerId }),
        (error: unknown) => errback(AirError.from(error, 'INTERNAL', 'produce')),
      );
    });
  }
  transport.on('connectionstatechange', (state) => onConnectionState(transport, state));
  return transport;
}
