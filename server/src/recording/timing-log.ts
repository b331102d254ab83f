import { open, readFile, type FileHandle } from 'node:fs/promises';
import {
  SerialQueue,
  type CoverageCause,
  type MediaSource,
  type RecordingState,
  type Role,
} from '@aircounter/protocol';
import type { FirstPacket, SenderReportSample } from './timing.ts';

export interface CodecInfo {
  readonly mimeType: string;
  readonly clockRate: number;
  readonly channels?: number;
  readonly payloadType: number;
}

/** Lines of `timing.jsonl`: the append-only log every timing fact is written to as it happens. */
export type TimingRecord =
  | {
      readonly type: 'recording';
      readonly recordingId: string;
      readonly sessionId: string;
      readonly originUnixMs: number;
      readonly consentPolicy: string;
      readonly ffmpeg: string;
      /** Gaps are logged by the continuity monitor (`gapStart`/`gap` records); older logs lack them. */
      readonly continuity?: boolean;
    }
  | { readonly type: 'state'; readonly state: RecordingState; readonly atUnixMs: number; readonly reason?: string }
  | {
      readonly type: 'segment';
      readonly file: string;
      readonly trackKey: string;
      readonly segment: number;
      readonly peerId: string;
      readonly role: Role;
      readonly source: MediaSource;
      readonly kind: 'audio' | 'video';
      readonly producerId: string;
      readonly codec: CodecInfo;
      readonly startedUnixMs: number;
    }
  | ({ readonly type: 'firstPacket'; readonly file: string } & FirstPacket)
  | ({ readonly type: 'senderReport'; readonly file: string } & SenderReportSample)
  | {
      readonly type: 'segmentEnd';
      readonly file: string;
      readonly endedUnixMs: number;
      readonly reason: SegmentEndReason;
      readonly exitCode: number | null;
      readonly signal: string | null;
      /** RTP packets ffmpeg found missing (sequence gaps it reported). */
      readonly packetsLost?: number;
      /** Whether ffmpeg wrote its trailer (index, duration); false means the file needs repair. */
      readonly clean: boolean;
      /** RTP packets mediasoup sent to this segment's ffmpeg. */
      readonly packetsSent?: number;
      /** When the packet count last grew (wall clock). */
      readonly lastPacketUnixMs?: number;
      /** Frame rate sent (RTP timestamps sampled after the first packet; video). */
      readonly sentFrameRate?: number;
    }
  | {
      /** A video segment measured while it was written (size of its first keyframe, frame rate so far). */
      readonly type: 'quality';
      readonly file: string;
      readonly width: number;
      readonly height: number;
      readonly frameRate?: number;
      readonly belowMinimum: boolean;
    }
  | {
      /** The simulcast layer written to a video segment changed (null: none is written). */
      readonly type: 'layer';
      readonly file: string;
      readonly atUnixMs: number;
      readonly spatialLayer: number | null;
      readonly temporalLayer?: number;
      readonly rid?: string;
      /** The best encoding arriving at the server then. */
      readonly bestArriving?: number;
      /** How long the picture stood still before this change (the written layer had stopped arriving). */
      readonly stalledForMs?: number;
    }
  | ({ readonly type: 'trackFailed' } & GapIdentity & { readonly code: string; readonly atUnixMs: number })
  | ({ readonly type: 'gapStart' } & GapIdentity & { readonly cause: CoverageCause; readonly fromUnixMs: number })
  | ({ readonly type: 'gap' } & GapIdentity & {
        readonly cause: CoverageCause;
        readonly fromUnixMs: number;
        readonly toUnixMs: number;
        /** The track never came back before the recording ended. */
        readonly open: boolean;
      });

/** Which track a gap belongs to. */
export interface GapIdentity {
  readonly trackKey: string;
  readonly peerId: string;
  readonly role: Role;
  readonly source: MediaSource;
}

/**
 * Why a segment ended. `stopped`: the recording was stopped; `producer-closed`: the
 * participant stopped publishing or left; `paused`: the participant paused the
 * track; `ffmpeg-crashed`: ffmpeg died (it is restarted); `stalled`: no media came
 * for the stall timeout and ffmpeg closed the file (it restarts when media flows).
 */
export type SegmentEndReason = 'stopped' | 'producer-closed' | 'paused' | 'ffmpeg-crashed' | 'stalled' | 'failed';

/**
 * Appends timing records, one JSON object per line, in call order. Appending
 * never rewrites what is already on disk, and a crash can at worst cut the last
 * line (the reader skips it).
 */
export class TimingLog {
  readonly #handle: FileHandle;
  readonly #writes = new SerialQueue();
  #failure: unknown;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  static async create(path: string): Promise<TimingLog> {
    // 'ax': append, and fail if the file exists (one log per recording, never reopened).
    return new TimingLog(await open(path, 'ax'));
  }

  append(record: TimingRecord): void {
    const line = `${JSON.stringify(record)}\n`;
    void this.#writes.run(async () => {
      if (this.#failure !== undefined) return;
      try {
        await this.#handle.appendFile(line, 'utf8');
      } catch (error: unknown) {
        this.#failure = error;
      }
    });
  }

  /** Waits for every append so far; throws the first write error, if any. */
  async flush(): Promise<void> {
    await this.#writes.drained();
    if (this.#failure !== undefined) throw this.#failure;
  }

  async close(): Promise<void> {
    await this.flush().finally(() => this.#handle.close());
  }
}

export interface ReadTimingLog {
  readonly records: readonly TimingRecord[];
  /** Lines that were not valid JSON (a crash mid-write leaves at most the last one). */
  readonly damagedLines: number;
}

function isTimingRecord(value: unknown): value is TimingRecord {
  return typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string';
}

export async function readTimingLog(path: string): Promise<ReadTimingLog> {
  const text = await readFile(path, 'utf8');
  const records: TimingRecord[] = [];
  let damagedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isTimingRecord(parsed)) records.push(parsed);
      else damagedLines += 1;
    } catch (error: unknown) {
      if (!(error instanceof SyntaxError)) throw error;
      damagedLines += 1;
    }
  }
  return { records, damagedLines };
}
