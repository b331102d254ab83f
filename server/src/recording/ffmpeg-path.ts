import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { AirError } from '@aircounter/protocol';

export interface FfmpegLocation {
  readonly path: string;
  /** Where the path came from, for the start-up report and the evidence log. */
  readonly source: 'config' | 'ffmpeg-static' | 'path';
}

const FIX =
  'set AIR_FFMPEG_PATH to an ffmpeg binary, install Debian\'s ffmpeg (apt-get install ffmpeg) or add the "ffmpeg-static" package';

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch (error: unknown) {
    if (isMissing(error)) return false;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR';
}

/** The binary that `ffmpeg-static` ships, when that optional package is installed and its download succeeded. */
function ffmpegStaticBinary(): string | undefined {
  const require = createRequire(import.meta.url);
  let exported: unknown;
  try {
    exported = require('ffmpeg-static');
  } catch (error: unknown) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
  return typeof exported === 'string' ? exported : undefined;
}

async function onPath(name: string, pathVariable: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds ffmpeg: explicit config (`AIR_FFMPEG_PATH`) → `ffmpeg-static`'s binary if
 * that package is installed and the file exists → `ffmpeg` on PATH. Throws
 * `RECORDING_FAILED` naming the fix when none works; a configured path that is
 * not executable is an error too (never silently fall back from an explicit choice).
 */
export async function resolveFfmpeg(
  configuredPath: string | undefined,
  pathVariable: string | undefined = process.env['PATH'],
): Promise<FfmpegLocation> {
  if (configuredPath !== undefined && configuredPath !== '') {
    if (await isExecutable(configuredPath)) return { path: configuredPath, source: 'config' };
    throw new AirError('RECORDING_FAILED', `AIR_FFMPEG_PATH=${configuredPath} is not an executable file; ${FIX}`);
  }
  const bundled = ffmpegStaticBinary();
  if (bundled !== undefined && (await isExecutable(bundled))) return { path: bundled, source: 'ffmpeg-static' };
  const found = await onPath('ffmpeg', pathVariable);
  if (found !== undefined) return { path: found, source: 'path' };
  throw new AirError('RECORDING_FAILED', `ffmpeg not found; ${FIX}`);
}

/**
 * Finds ffprobe (used to check files when recovering): `AIR_FFPROBE_PATH` → next to
 * the ffmpeg in use → PATH. `undefined` when there is none: recovery then checks
 * files by decoding them with ffmpeg instead.
 */
export async function resolveFfprobe(
  configuredPath: string | undefined,
  ffmpeg: FfmpegLocation,
  pathVariable: string | undefined = process.env['PATH'],
): Promise<string | undefined> {
  if (configuredPath !== undefined && configuredPath !== '') {
    if (await isExecutable(configuredPath)) return configuredPath;
    throw new AirError('RECORDING_FAILED', `AIR_FFPROBE_PATH=${configuredPath} is not an executable file`);
  }
  const sibling = join(dirname(ffmpeg.path), 'ffprobe');
  if (await isExecutable(sibling)) return sibling;
  return onPath('ffprobe', pathVariable);
}
