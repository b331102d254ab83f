import { AirError } from '@aircounter/protocol';
import type { DeviceChoice, DeviceInfo, DeviceSource, MediaDevicesLike } from '../types.ts';

/** `navigator.mediaDevices`, or a clear error where the page cannot capture (http:, old browser). */
export function defaultMediaDevices(): MediaDevicesLike {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices) {
    throw new AirError(
      'DEVICE_UNAVAILABLE',
      'this page cannot capture media (needs a secure context: https or localhost)',
    );
  }
  return devices;
}

export async function listDevices(media: MediaDevicesLike): Promise<DeviceInfo[]> {
  const all = await media.enumerateDevices();
  const result: DeviceInfo[] = [];
  for (const device of all) {
    if (device.kind === 'videoinput') result.push({ deviceId: device.deviceId, label: device.label, source: 'camera' });
    if (device.kind === 'audioinput') {
      result.push({ deviceId: device.deviceId, label: device.label, source: 'microphone' });
    }
  }
  return result;
}

// Capture settings for a KYC call: a 720p camera is enough for the document
// and the face, and the simulcast layers scale it down for poor links.
const CAMERA: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25 } };
const MICROPHONE: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

function constraintsFor(source: DeviceSource, choice: DeviceChoice): MediaTrackConstraints | false {
  if (choice === false) return false;
  const base = source === 'camera' ? CAMERA : MICROPHONE;
  return choice === true ? { ...base } : { ...base, deviceId: { exact: choice.deviceId } };
}

/**
 * Opens the chosen devices with one `getUserMedia` call (one permission
 * prompt). Rejects with `DEVICE_UNAVAILABLE`, naming the browser's reason
 * (`NotAllowedError`, `NotFoundError`, `NotReadableError` …).
 */
export async function acquireTracks(
  media: MediaDevicesLike,
  choices: Readonly<Record<DeviceSource, DeviceChoice>>,
): Promise<Partial<Record<DeviceSource, MediaStreamTrack>>> {
  const video = constraintsFor('camera', choices.camera);
  const audio = constraintsFor('microphone', choices.microphone);
  if (!video && !audio) return {};
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({ video, audio });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    throw new AirError('DEVICE_UNAVAILABLE', `cannot open camera/microphone (${name})`, { cause: error });
  }
  const tracks: Partial<Record<DeviceSource, MediaStreamTrack>> = {};
  const camera = stream.getVideoTracks()[0];
  const microphone = stream.getAudioTracks()[0];
  if (camera) tracks.camera = camera;
  if (microphone) tracks.microphone = microphone;
  return tracks;
}
