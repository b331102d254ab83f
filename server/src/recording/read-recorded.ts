import { basename } from 'node:path';
import { FilePathSource, Input, MATROSKA, WEBM, type InputTrack } from 'mediabunny';
import { AirError } from '@aircounter/protocol';
import type { MediaProbe, ProbedStream } from './probe.ts';

// Reading a recorded file inside the server process instead of starting an
// ffprobe per file: a burst of stops (every session of a shift ending at
// once) summarizes hundreds of files, and a process per file cost about
// 0.3 s each on two cores — the largest part of sealing them. The recorder
// writes only Matroska and WebM, which mediabunny's demuxer reads packet by
// packet, so the count and the duration are still those a player would get.

/** The bytes one file's reader may keep in memory at a time. */
const READ_CACHE_BYTES = 2 * 1024 * 1024;

/** mediabunny's codec names where ffmpeg (and so the timing summary's format) names them differently. */
const FFMPEG_CODEC_NAMES: Readonly<Record<string, string>> = { avc: 'h264' };

/** The error for a file that cannot be read; the server's folders stay out of it (it reaches the evidence). */
function unreadable(file: string, why: string): AirError {
  const name = basename(file);
  return new AirError('RECORDING_FAILED', `cannot read ${name}: ${why.replaceAll(file, name)}`);
}

async function streamOf(track: InputTrack): Promise<ProbedStream> {
  const codec = track.codec ?? (await track.getCodecParameterString()) ?? 'unknown';
  const codecName = FFMPEG_CODEC_NAMES[codec] ?? codec;
  if (track.isVideoTrack()) {
    return { codecType: 'video', codecName, width: track.codedWidth, height: track.codedHeight };
  }
  return { codecType: track.type, codecName };
}

/**
 * Reads a recorded Matroska/WebM file whole, as a player would: its streams,
 * the duration its header states (the end of its last packet when ffmpeg
 * could not write one) and every packet of every stream, counted. A file
 * that is not Matroska, or has no track, is refused with RECORDING_FAILED.
 */
export async function readRecordedFile(file: string): Promise<MediaProbe> {
  let failure: unknown;
  const source = new FilePathSource(file, {
    maxCacheSize: READ_CACHE_BYTES,
    handleUnhandledError: (error: unknown) => {
      failure = error;
    },
  });
  const input = new Input({ source, formats: [MATROSKA, WEBM] });
  try {
    const tracks = await input.getTracks();
    if (tracks.length === 0) throw unreadable(file, 'no audio or video track');
    const streams = await Promise.all(tracks.map(streamOf));
    let packets = 0;
    for (const track of tracks) packets += (await track.computePacketStats()).packetCount;
    if (failure !== undefined) throw failure;
    const stated = await input.getDurationFromMetadata();
    if (stated !== null)
      return { streams, durationMs: stated * 1000, packets, firstPtsMs: undefined, endMs: undefined };
    const firstPtsMs = packets === 0 ? undefined : (await input.getFirstTimestamp()) * 1000;
    const endMs = packets === 0 ? undefined : (await input.computeDuration()) * 1000;
    return { streams, durationMs: undefined, packets, firstPtsMs, endMs };
  } catch (error: unknown) {
    if (error instanceof AirError) throw error;
    throw unreadable(file, error instanceof Error ? error.message.slice(0, 300) : 'unknown error');
  } finally {
    input.dispose();
  }
}
