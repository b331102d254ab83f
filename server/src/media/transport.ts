import type { types } from 'mediasoup';
import type { MediaConfig } from '../config.ts';
import type { TransportDirection } from './peer.ts';

/** ICE/DTLS listening addresses from the configuration: one per enabled protocol, ports from the range. */
export function listenInfos(config: MediaConfig): types.TransportListenInfo[] {
  const protocols: types.TransportProtocol[] = [];
  if (config.enableUdp) protocols.push('udp');
  if (config.enableTcp) protocols.push('tcp');
  return protocols.map((protocol) => ({
    protocol,
    ip: config.listenIp,
    ...(config.announcedAddress === undefined ? {} : { announcedAddress: config.announcedAddress }),
    portRange: { min: config.rtcMinPort, max: config.rtcMaxPort },
  }));
}

/**
 * A WebRtcTransport for one peer and direction. appData is built here from
 * what the server knows, never taken from the client.
 */
export async function createWebRtcTransport(
  router: types.Router,
  config: MediaConfig,
  details: { peerId: string; direction: TransportDirection; sctp: boolean },
): Promise<types.WebRtcTransport> {
  const transport = await router.createWebRtcTransport({
    listenInfos: listenInfos(config),
    enableUdp: config.enableUdp,
    enableTcp: config.enableTcp,
    preferUdp: true,
    initialAvailableOutgoingBitrate: config.initialAvailableOutgoingBitrate,
    enableSctp: details.sctp,
    appData: { peerId: details.peerId, direction: details.direction },
  });
  // Caps what one client may push into the SFU (simulcast layers summed).
  if (details.direction === 'send') {
    try {
      await transport.setMaxIncomingBitrate(config.maxIncomingBitrate);
    } catch (error) {
      transport.close();
      throw error;
    }
  }
  return transport;
}
