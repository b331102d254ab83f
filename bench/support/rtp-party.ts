import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import type { types } from 'mediasoup';

// A simulated participant without a browser: ffmpeg sends a pre-encoded VP8 +
// Opus clip (codec copy, so ffmpeg itself costs little CPU) as RTP into
// PlainTransports; the SFU forwards it to the other party's consumers, whose
// RTP lands on UDP sockets that count bytes.

const AUDIO_PT = 100;
const VIDEO_PT = 101;

export interface RtpParty {
  readonly producers: readonly types.Producer[];
  close(): void;
}

async function plainTransport(router: types.Router, comedia: boolean): Promise<types.PlainTransport> {
  return router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia });
}

/** Starts ffmpeg streaming `clip` (webm: VP8 + Opus) in a loop into two producers on `router`. */
export async function startRtpParty(router: types.Router, clip: string, ssrcBase: number): Promise<RtpParty> {
  const audioTransport = await plainTransport(router, true);
  const videoTransport = await plainTransport(router, true);
  const audio = await audioTransport.produce({
    kind: 'audio',
    rtpParameters: {
      codecs: [{ mimeType: 'audio/opus', payloadType: AUDIO_PT, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc: ssrcBase + 1 }],
    },
  });
  const video = await videoTransport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO_PT, clockRate: 90000 }],
      encodings: [{ ssrc: ssrcBase + 2 }],
    },
  });
  const target = (transport: types.PlainTransport) =>
    `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple?.localPort ?? transport.tuple.localPort}`;
  const ffmpeg: ChildProcess = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      '-stream_loop',
      '-1',
      '-i',
      clip,
      '-map',
      '0:a:0',
      '-c:a',
      'copy',
      '-f',
      'rtp',
      '-ssrc',
      String(ssrcBase + 1),
      '-payload_type',
      String(AUDIO_PT),
      target(audioTransport),
      '-map',
      '0:v:0',
      '-c:v',
      'copy',
      '-f',
      'rtp',
      '-ssrc',
      String(ssrcBase + 2),
      '-payload_type',
      String(VIDEO_PT),
      target(videoTransport),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return {
    producers: [audio, video],
    close() {
      ffmpeg.kill('SIGKILL');
      audioTransport.close();
      videoTransport.close();
    },
  };
}

export interface RtpSink {
  readonly bytes: () => number;
  close(): void;
}

/** Consumes `producers` on `router` into UDP sockets that count what arrives. */
export async function startRtpSink(router: types.Router, producers: readonly types.Producer[]): Promise<RtpSink> {
  let bytes = 0;
  const sockets: Socket[] = [];
  const transports: types.PlainTransport[] = [];
  for (const producer of producers) {
    const socket = createSocket('udp4');
    socket.on('message', (message) => {
      bytes += message.byteLength;
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    sockets.push(socket);
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: true,
      comedia: false,
    });
    await transport.connect({ ip: '127.0.0.1', port: socket.address().port });
    transports.push(transport);
    const consumer = await transport.consume({
      producerId: producer.id,
      rtpCapabilities: router.rtpCapabilities,
      paused: true,
    });
    await consumer.resume();
    if (consumer.kind === 'video') await consumer.requestKeyFrame();
  }
  return {
    bytes: () => bytes,
    close() {
      for (const transport of transports) transport.close();
      for (const socket of sockets) socket.close();
    },
  };
}
