import type { ResponseData } from '@aircounter/protocol';
import type { LiveRole } from '../../src/auth/tokens.ts';
import {
  FINGERPRINT,
  OPUS_RTP_PARAMETERS,
  VP8_SIMULCAST_RTP_PARAMETERS,
} from '../../../packages/protocol/src/test-fixtures/examples.ts';
import { TestSignalingClient } from './signaling-client.ts';
import type { TestServer } from './test-server.ts';

export { OPUS_RTP_PARAMETERS, VP8_SIMULCAST_RTP_PARAMETERS };

export interface JoinedPeer {
  readonly client: TestSignalingClient;
  readonly joined: ResponseData<'join'>;
  readonly token: string;
}

/** Connects and joins like the SDK does: capabilities, then join with them as the device's. */
export async function joinAs(
  server: TestServer,
  sessionId: string,
  role: LiveRole,
  peerId: string,
): Promise<JoinedPeer> {
  const token = await server.token(sessionId, role, peerId);
  const client = await TestSignalingClient.open(server.wsUrl, token);
  const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
  const joined = await client.request('join', { rtpCapabilities });
  return { client, joined, token };
}

/**
 * Joins a session of a server running as its own process: a join token from the bank's REST API (the
 * `headers` carry its key), then capabilities and join over the signaling socket on `port`.
 */
export async function joinOverRest(
  port: number,
  headers: Record<string, string>,
  sessionId: string,
  role: LiveRole,
  peerId: string,
): Promise<TestSignalingClient> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/sessions/${sessionId}/tokens`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ role, peerId, displayName: peerId }),
  });
  const { token } = (await response.json()) as { token: string };
  const client = await TestSignalingClient.open(`ws://127.0.0.1:${port}/signaling`, token);
  const { rtpCapabilities } = await client.request('getRouterRtpCapabilities', {});
  await client.request('join', { rtpCapabilities });
  return client;
}

/** Creates and connects a transport (DTLS never completes without a browser; mediasoup accepts media setup anyway). */
export async function transport(client: TestSignalingClient, direction: 'send' | 'recv'): Promise<string> {
  const { transportId } = await client.request('createTransport', { direction });
  await client.request('connectTransport', {
    transportId,
    dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: FINGERPRINT }] },
  });
  return transportId;
}

/** Produces on the transport as the SDK does for a source: the camera as VP8 simulcast, the microphone as Opus. */
async function produceSource(
  client: TestSignalingClient,
  transportId: string,
  source: 'camera' | 'microphone',
): Promise<string> {
  const { producerId } = await client.request('produce', {
    transportId,
    kind: source === 'camera' ? 'video' : 'audio',
    source,
    rtpParameters: source === 'camera' ? VP8_SIMULCAST_RTP_PARAMETERS : OPUS_RTP_PARAMETERS,
  });
  return producerId;
}

export function produceCamera(client: TestSignalingClient, transportId: string): Promise<string> {
  return produceSource(client, transportId, 'camera');
}

export function produceMicrophone(client: TestSignalingClient, transportId: string): Promise<string> {
  return produceSource(client, transportId, 'microphone');
}
