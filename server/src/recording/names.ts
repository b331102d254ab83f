import { createHash, randomBytes } from 'node:crypto';
import type { MediaSource } from '@aircounter/protocol';

/**
 * File names of a recording. Evidence packages are flat and accept only
 * `[A-Za-z0-9][A-Za-z0-9._-]{0,127}`, so peer ids (which may hold `:` and `@`)
 * are made safe, with a short hash of the real id whenever that changed them
 * (two ids can never share a name). Every name is new: a restart, a rejoin or a
 * resume gets the next segment number, nothing is ever reopened.
 */
const SAFE_PEER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export function newRecordingId(now: number = Date.now()): string {
  return `r${now.toString(36)}${randomBytes(3).toString('hex')}`;
}

export function safePeerName(peerId: string): string {
  if (SAFE_PEER.test(peerId)) return peerId;
  const cleaned = peerId
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 28);
  const hash = createHash('sha256').update(peerId).digest('hex').slice(0, 10);
  return `${cleaned === '' ? 'p' : cleaned}_${hash}`;
}

/** Prefix shared by every file of one recording. */
export function recordingPrefix(recordingId: string): string {
  return `recording-${recordingId}`;
}

/** `recording-<id>.<peer>.<source>.<NNN>` — add `.webm`, `.sdp`, … */
export function segmentBase(recordingId: string, peerId: string, source: MediaSource, segment: number): string {
  return `${recordingPrefix(recordingId)}.${safePeerName(peerId)}.${source}.${String(segment).padStart(3, '0')}`;
}

export function timingLogName(recordingId: string): string {
  return `${recordingPrefix(recordingId)}.timing.jsonl`;
}

export function timingSummaryName(recordingId: string): string {
  return `${recordingPrefix(recordingId)}.timing.json`;
}

/** Name of the playable copy made of a file ffmpeg could not finish (the original is kept). */
export function repairedName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return `${fileName.slice(0, dot)}.repaired${fileName.slice(dot)}`;
}

/** The recording id in a file name made by this module, if it is one. */
export function recordingIdOf(fileName: string): string | undefined {
  return /^recording-([a-z0-9]+)\./.exec(fileName)?.[1];
}
