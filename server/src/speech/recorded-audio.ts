import { mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { AirError } from '@aircounter/protocol';
import type { ConcurrencyLimiter } from '../recording/limiter.ts';
import { probeMedia } from '../recording/probe.ts';
import { audioDurationMs, convertToOpus, type MediaTools } from './normalize.ts';
import type { RecordedAudio, RecordedAudioSource, SpeechSettings } from './types.ts';

/**
 * A recording's name: a plain file name in the directory (no folders, no
 * leading dot), so no name can point elsewhere.
 */
const RECORDING_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const MAX_NAME_LENGTH = 128;

export interface DirectoryAudioSourceOptions {
  readonly settings: Pick<SpeechSettings, 'recordingsDir' | 'maxRecordingBytes' | 'maxAudioS' | 'renderTimeoutMs'>;
  readonly tools: () => Promise<MediaTools>;
  readonly limiter: ConcurrencyLimiter;
}

function refused(message: string, cause?: unknown): AirError {
  return new AirError('SPEECH_AUDIO_REFUSED', message, cause === undefined ? undefined : { cause });
}

/**
 * The bank's recordings in one configured directory (AIR_SPEECH_RECORDINGS_DIR),
 * played by file name. Refused with SPEECH_AUDIO_REFUSED: a name with a path in
 * it, a file that resolves (through a link) outside the directory, anything but
 * a regular file, a file above AIR_SPEECH_MAX_RECORDING_BYTES, a file whose
 * streams ffprobe does not read as audio only, audio longer than
 * AIR_SPEECH_MAX_AUDIO_S. Accepted files are converted to Ogg Opus like
 * rendered speech.
 */
export class DirectoryAudioSource implements RecordedAudioSource {
  readonly #options: DirectoryAudioSourceOptions;

  constructor(options: DirectoryAudioSourceOptions) {
    this.#options = options;
  }

  async open(name: string): Promise<RecordedAudio> {
    const { settings } = this.#options;
    if (settings.recordingsDir === undefined) {
      throw new AirError('SPEECH_UNAVAILABLE', 'no recordings directory is configured (AIR_SPEECH_RECORDINGS_DIR)');
    }
    if (name.length > MAX_NAME_LENGTH || !RECORDING_NAME.test(name)) {
      throw refused('a recording is named by its file name only (letters, digits, - _ and dots between them)');
    }
    const file = await this.#resolveInside(settings.recordingsDir, name);
    const info = await stat(file);
    if (!info.isFile()) throw refused(`recording ${name} is not a regular file`);
    if (info.size > settings.maxRecordingBytes) {
      throw refused(`recording ${name} is larger than ${settings.maxRecordingBytes} bytes`);
    }
    const tools = await this.#options.tools();
    return this.#options.limiter.run(async () => {
      await this.#checkFormat(tools, file, name);
      const dir = await mkdtemp(join(tmpdir(), 'aircounter-recorded-'));
      try {
        const ogg = join(dir, 'recording.ogg');
        await convertToOpus(tools, file, ogg, { maxAudioS: settings.maxAudioS, timeoutMs: settings.renderTimeoutMs });
        const opus = new Uint8Array(await readFile(ogg));
        return { name, opus, durationMs: await audioDurationMs(tools, ogg, settings.renderTimeoutMs) };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  /** The file's real path, which must lie inside the directory's real path (links out are refused). */
  async #resolveInside(dir: string, name: string): Promise<string> {
    let root: string;
    try {
      root = await realpath(dir);
    } catch (error: unknown) {
      throw new AirError('SPEECH_UNAVAILABLE', 'the recordings directory cannot be read', { cause: error });
    }
    let file: string;
    try {
      file = await realpath(join(root, name));
    } catch (error: unknown) {
      throw refused(`no recording named ${name}`, error);
    }
    if (!file.startsWith(root + sep)) throw refused(`recording ${name} lies outside the recordings directory`);
    return file;
  }

  /** Audio streams only, at least one, no longer than the limit. */
  async #checkFormat(tools: MediaTools, file: string, name: string): Promise<void> {
    if (tools.ffprobePath === undefined) {
      throw new AirError('SPEECH_UNAVAILABLE', 'ffprobe is needed to check recordings (set AIR_FFPROBE_PATH)');
    }
    let probe;
    try {
      probe = await probeMedia(tools.ffprobePath, file);
    } catch (error: unknown) {
      throw refused(`recording ${name} is not a readable media file`, error);
    }
    const kinds = probe.streams.map((stream) => stream.codecType);
    if (kinds.length === 0 || kinds.some((kind) => kind !== 'audio')) {
      throw refused(`recording ${name} must hold audio only (found: ${kinds.join(', ') || 'nothing'})`);
    }
    const durationMs = probe.durationMs ?? probe.endMs;
    if (durationMs !== undefined && durationMs > this.#options.settings.maxAudioS * 1000) {
      throw refused(`recording ${name} is longer than ${this.#options.settings.maxAudioS} s`);
    }
  }
}
