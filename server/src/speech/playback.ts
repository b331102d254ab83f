import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { AirError } from '@aircounter/protocol';
import type { types } from 'mediasoup';
import type { Logger } from '../log.ts';
import type { Room } from '../media/room.ts';
import { ensureServerPeer } from '../media/server-peer.ts';

/** The payload type and codec the server's Opus is sent with (RTP Opus is always declared as 2 channels). */
const OPUS_PAYLOAD_TYPE = 100;
const STDERR_TAIL_BYTES = 2048;

export interface PlaybackOptions {
  readonly room: Room;
  /** Ogg Opus file to send (a temporary copy of the artifact). */
  readonly file: string;
  readonly ffmpegPath: string;
  readonly peerId: string;
  readonly displayName: string;
  /**
   * Runs after the producer is announced and before ffmpeg sends its first
   * packet: waits for whatever must hear the audio from its start (the
   * recorder's track). Throwing abandons the playback.
   */
  readonly beforeSending: (producer: types.Producer) => Promise<unknown>;
  /** ffmpeg's first packet must reach the server within this long, ms. */
  readonly startTimeoutMs: number;
  readonly log: Logger;
}

/** How a playback ended: the audio ran out, someone stopped it, or ffmpeg failed. */
export type PlaybackEnd =
  | { readonly kind: 'completed'; readonly playedMs: number }
  | { readonly kind: 'stopped'; readonly playedMs: number }
  | { readonly kind: 'failed'; readonly playedMs: number; readonly detail: string };

/** Audio being played into one room. */
export interface Playback {
  readonly producer: types.Producer;
  /** Wall-clock ms when the first packet reached the server (what listeners hear from). */
  readonly startedUnixMs: number;
  /** Resolves when playback is over and the producer is closed. */
  readonly ended: Promise<PlaybackEnd>;
  /** Stops sending now; resolves with how it ended. Idempotent. */
  stop(): Promise<PlaybackEnd>;
}

/**
 * Plays an Ogg Opus file into the room as a server-side producer: a mediasoup
 * PlainTransport (loopback, comedia) fed by ffmpeg in real time (`-re`, codec
 * copy to RTP). The producer belongs to the server's member of the room, so
 * every client consumes it like a participant's microphone and the recorder
 * records it as its own track. When the audio ends (or on stop) the member
 * leaves the room first and the producer closes after, so the recorder reads
 * the end as the member leaving, never as a gap in a participant's coverage.
 */
export async function startPlayback(options: PlaybackOptions): Promise<Playback> {
  const { room, log } = options;
  if (room.closed) throw new AirError('SESSION_ENDED', 'the session has ended');
  const transport = await room.router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: false,
    comedia: true,
  });
  let producer: types.Producer;
  try {
    producer = await transport.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: OPUS_PAYLOAD_TYPE }],
        encodings: [{ ssrc: randomInt(1, 2 ** 31) }],
      },
      appData: { peerId: options.peerId, source: 'speech' },
    });
  } catch (error: unknown) {
    transport.close();
    throw new AirError('SPEECH_UNAVAILABLE', 'the media worker refused the speech producer', { cause: error });
  }
  const ssrc = producer.rtpParameters.encodings?.[0]?.ssrc;
  // Playback starts when the first packet arrives (ffmpeg takes a moment to start), traced once.
  const firstPacket = new Promise<number>((resolve) => producer.once('trace', () => resolve(Date.now())));
  await producer.enableTraceEvent(['rtp']);
  const peer = ensureServerPeer(room, options.peerId, options.displayName);
  room.addProducer(peer, producer, 'speech');
  const abandon = (): void => {
    if (!room.closed) room.removePeer(options.peerId, 'left');
    transport.close();
  };
  try {
    await options.beforeSending(producer);
  } catch (error: unknown) {
    abandon();
    throw error;
  }
  if (room.closed || producer.closed) {
    abandon();
    throw new AirError('SESSION_ENDED', 'the session ended before speech started');
  }

  const rtcpPort = transport.rtcpTuple?.localPort;
  const target = `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${String(rtcpPort)}&pkt_size=1200`;
  const child = spawn(
    options.ffmpegPath,
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      '-i',
      options.file,
      '-map',
      '0:a:0',
      '-c:a',
      'copy',
      '-f',
      'rtp',
      '-ssrc',
      String(ssrc),
      '-payload_type',
      String(OPUS_PAYLOAD_TYPE),
      target,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const spawnedUnixMs = Date.now();
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  let stopRequested = false;
  // Filled in when the first packet arrives; read when playback ends.
  const sending: { firstPacketUnixMs?: number } = {};
  const ended = new Promise<PlaybackEnd>((resolve) => {
    const finish = (code: number | null, spawnError?: Error): void => {
      const playedMs = Math.max(0, Date.now() - (sending.firstPacketUnixMs ?? spawnedUnixMs));
      // The member leaves before its producer closes: see the class comment.
      if (!room.closed) room.removePeer(options.peerId, 'left');
      transport.close();
      if (stopRequested) resolve({ kind: 'stopped', playedMs });
      else if (code === 0 && spawnError === undefined) resolve({ kind: 'completed', playedMs });
      else {
        const detail = spawnError?.message ?? `ffmpeg exit ${String(code)}: ${stderrTail.trim().slice(-500)}`;
        log.error('speech playback failed', { detail });
        resolve({ kind: 'failed', playedMs, detail });
      }
    };
    child.once('error', (error) => finish(null, error));
    child.once('close', (code) => finish(code));
  });
  // The room closing (session end, worker death) ends playback too.
  const onRoomClosed = (): void => {
    stopRequested = true;
    child.kill('SIGKILL');
  };
  room.once('closed', onRoomClosed);
  void ended.then(() => room.off('closed', onRoomClosed));
  const stop = (): Promise<PlaybackEnd> => {
    if (child.exitCode === null && child.signalCode === null) {
      stopRequested = true;
      child.kill('SIGKILL');
    }
    return ended;
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.startTimeoutMs);
  });
  const first = await Promise.race([firstPacket, ended, timedOut]);
  clearTimeout(timer);
  if (typeof first !== 'number') {
    const end = first === 'timeout' ? await stop() : first;
    throw new AirError('SPEECH_UNAVAILABLE', 'ffmpeg sent no audio', {
      cause: new Error(end.kind === 'failed' ? end.detail : `playback ${end.kind} before its first packet`),
    });
  }
  sending.firstPacketUnixMs = first;
  await producer.enableTraceEvent([]).catch((error: unknown) => log.debug('trace already off', { error }));
  return { producer, startedUnixMs: first, ended, stop };
}
