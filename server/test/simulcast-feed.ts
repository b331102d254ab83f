import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { types } from 'mediasoup';

/**
 * A participant's simulcast camera as a browser sends it: two VP8 encodings
 * (320×180 and 640×360, 25 fps, a keyframe every 6 frames) encoded live by
 * ffmpeg, with RTCP sender reports, into one ssrc-simulcast producer. Both
 * encodings reach the server from one socket (a relay, as from one browser
 * port), and the relay can stop one encoding's packets — what a browser does
 * when it drops a layer for bandwidth or CPU — and let them through again.
 */
export interface SimulcastFeed {
  readonly producer: types.Producer;
  /** Stops (true) or lets through again (false) every packet of one encoding, RTCP included. */
  drop(encodingIndex: number, dropped: boolean): void;
  stop(): Promise<void>;
}

const SIZES = ['320x180', '640x360'] as const;
let nextSsrc = 40_000_000 + Math.floor(Math.random() * 1_000_000);

function listen(socket: Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve((socket.address() as AddressInfo).port));
  });
}

export async function feedSimulcast(router: types.Router, ffmpeg = 'ffmpeg'): Promise<SimulcastFeed> {
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: true,
    comedia: true,
  });
  const ssrcs = SIZES.map(() => (nextSsrc += 1));
  const producer = await transport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', clockRate: 90000, payloadType: 101 }],
      encodings: ssrcs.map((ssrc) => ({ ssrc })),
    },
  });
  // One socket towards the server (comedia learns one source), one inbound socket per encoding.
  const out = createSocket('udp4');
  await listen(out);
  const dropped = new Set<number>();
  const inbound = SIZES.map(() => createSocket('udp4'));
  const ports = await Promise.all(inbound.map((socket) => listen(socket)));
  inbound.forEach((socket, index) => {
    socket.on('message', (packet) => {
      if (!dropped.has(index)) out.send(packet, transport.tuple.localPort, '127.0.0.1');
    });
  });
  const outputs = SIZES.flatMap((_size, index) => [
    '-map',
    `[v${String(index)}]`,
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-g',
    '6',
    '-b:v',
    index === 0 ? '150k' : '500k',
    '-f',
    'rtp',
    '-ssrc',
    String(ssrcs[index]),
    '-payload_type',
    '101',
    `rtp://127.0.0.1:${String(ports[index])}?rtcpport=${String(ports[index])}&pkt_size=1200`,
  ]);
  const child = spawn(
    ffmpeg,
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=25',
      '-filter_complex',
      `[0:v]split=2[s][v1];[s]scale=${SIZES[0].replace('x', ':')}[v0]`,
      ...outputs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    producer,
    drop(encodingIndex, drop) {
      if (drop) dropped.add(encodingIndex);
      else dropped.delete(encodingIndex);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      for (const socket of [out, ...inbound]) socket.close();
      transport.close();
    },
  };
}
