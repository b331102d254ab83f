import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEvent, type EventData } from '@aircounter/evidence';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../packages/protocol/src/test-fixtures/async.ts';
import { SPEECH_PEER_ID } from '../src/media/server-peer.ts';
import { runProcess } from '../src/recording/run-process.ts';
import { createSpeechService } from '../src/speech/create-speech.ts';
import { DEFAULT_SPEECH_SETTINGS, type SpeechSettings } from '../src/speech/types.ts';
import type { RoomRegistry } from '../src/media/rooms.ts';
import type { Room } from '../src/media/room.ts';
import { joinPeer, newRoom, readTiming, testLog, useRecordingHarness } from './helpers/recording.ts';

// Speech played into a recorded session for real: espeak-ng renders, ffmpeg
// converts to Opus and sends RTP into a mediasoup PlainTransport, the recorder's
// ffmpeg records the server's track, and the recorded file is measured.

const h = useRecordingHarness({ durationS: 2 });

const DISCLOSURE = '尊敬的客户，理财非存款，产品有风险，投资须谨慎。';

function speechSettings(overrides: Partial<SpeechSettings> = {}): SpeechSettings {
  return {
    ...DEFAULT_SPEECH_SETTINGS,
    espeakPath: undefined,
    cacheDir: join(h.store.root, 'speech-cache'),
    recordingsDir: undefined,
    ...overrides,
  };
}

/** The rooms registry as the speech service reads it: these rooms only. */
function roomsOf(...rooms: Room[]): RoomRegistry {
  return { get: (sessionId: string) => rooms.find((room) => room.sessionId === sessionId) } as unknown as RoomRegistry;
}

/** Loudness of a file's audio from ffmpeg's astats: overall RMS level (dBFS). */
async function rmsLevelDb(file: string): Promise<number> {
  const result = await runProcess('ffmpeg', [
    '-hide_banner',
    '-nostdin',
    '-i',
    file,
    '-af',
    'astats',
    '-f',
    'null',
    '-',
  ]);
  const matches = [...result.stderr.matchAll(/RMS level dB:\s*(-?[\d.]+|-inf)/g)];
  const overall = matches.at(-1)?.[1];
  if (overall === undefined) throw new Error(`no astats output for ${file}`);
  return overall === '-inf' ? -Infinity : Number(overall);
}

/** Sound (not silence) in a file, ms: its duration minus every silence ffmpeg's silencedetect finds. */
async function soundSpan(file: string): Promise<{ firstSoundMs: number; lastSoundMs: number }> {
  const result = await runProcess('ffmpeg', [
    '-hide_banner',
    '-nostdin',
    '-i',
    file,
    '-af',
    'silencedetect=noise=-45dB:d=0.4',
    '-f',
    'null',
    '-',
  ]);
  const starts = [...result.stderr.matchAll(/silence_start: (-?[\d.]+)/g)].map((m) => Number(m[1]) * 1000);
  const ends = [...result.stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1]) * 1000);
  const time = [...result.stderr.matchAll(/time=(\d+):(\d+):([\d.]+)/g)].at(-1);
  const totalMs = time ? (Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3])) * 1000 : 0;
  // Leading silence ends where sound begins; a trailing silence that never ends starts where sound ends.
  const firstSoundMs = starts[0] !== undefined && starts[0] <= 1 ? (ends[0] ?? totalMs) : 0;
  const lastStart = starts.at(-1);
  const lastSoundMs = lastStart !== undefined && starts.length > ends.length ? lastStart : totalMs;
  return { firstSoundMs, lastSoundMs };
}

describe('speech played into a recorded session', () => {
  it('is heard by both parties, recorded as the server’s own track at its media time, and named by the evidence', async () => {
    const room = await newRoom(h.media);
    const sessionId = room.sessionId;
    await h.store.evidence.openSession(sessionId);
    const customer = joinPeer(room, 'customer-1', 'customer');
    const agent = joinPeer(room, 'agent-1', 'agent');
    const recording = h.recorder();
    const speech = createSpeechService({
      settings: speechSettings(),
      evidence: h.store.evidence,
      rooms: roomsOf(room),
      recording,
      log: testLog,
    });
    await recording.giveConsent(room, 'customer-1', {
      consentTextVersion: 'v1',
      action: 'button:accept',
      locale: 'zh-Hans',
    });
    const started = await recording.start(room, 'agent-1');
    expect(started.state).toBe('active');

    const playback = await speech.play(sessionId, { text: DISCLOSURE, locale: 'zh-Hans' });
    expect(playback.recorded).toBe(true);
    expect(playback.durationMs).toBeGreaterThan(5000);
    expect(playback.startedAtMediaMs).not.toBeNull();
    expect(speech.isPlaying(sessionId)).toBe(true);
    // One playback at a time.
    expect((await rejection(speech.play(sessionId, { text: 'Hello', locale: 'en' }))).code).toBe('SPEECH_BUSY');
    const end = await playback.ended;
    expect(end.kind).toBe('completed');
    // Sent in real time: a completed playback lasts about as long as its audio (ffmpeg's -re may send the first frames early).
    expect(end.playedMs).toBeGreaterThan(playback.durationMs - 1000);
    expect(speech.isPlaying(sessionId)).toBe(false);
    // The server's member left with the end of the audio.
    expect(room.peers.has(SPEECH_PEER_ID)).toBe(false);

    // Both parties were told of the server's member and its producer, which they consume like any other.
    for (const link of [customer.link, agent.link]) {
      const fromServer = link.notifications.filter(
        (entry) => entry.name !== 'recordingStatus' && JSON.stringify(entry.data).includes(SPEECH_PEER_ID),
      );
      expect(fromServer.map((entry) => entry.name)).toEqual([
        'peerJoined',
        'producerAdded',
        'peerLeft',
        'producerClosed',
      ]);
      expect(fromServer[0]?.data).toMatchObject({ peer: { peerId: SPEECH_PEER_ID, role: 'server' } });
      expect(fromServer[1]?.data).toMatchObject({ peerId: SPEECH_PEER_ID, kind: 'audio', source: 'speech' });
    }

    const stopped = await recording.stop(room, 'agent-1');
    expect(stopped.state).toBe('complete');
    // The server's member leaving is no gap: the recording stays complete.
    expect(stopped.complete).toBe(true);

    const timing = await readTiming(h.store, sessionId, started.recordingId ?? '');
    const segment = timing.segments.find((entry) => entry.peerId === SPEECH_PEER_ID);
    expect(segment).toMatchObject({ kind: 'audio', source: 'speech', role: 'server', empty: false, problem: null });
    const file = h.store.filePath(sessionId, segment?.playableFile ?? '');
    // The recorded track holds the speech: loud, as long as the rendered audio, starting at the reported media time.
    expect(await rmsLevelDb(file)).toBeGreaterThan(-35);
    const sound = await soundSpan(file);
    expect(sound.firstSoundMs).toBeLessThan(500);
    expect(sound.lastSoundMs - sound.firstSoundMs).toBeGreaterThan(playback.durationMs - 1200);
    expect(segment?.durationMs ?? 0).toBeGreaterThan(playback.durationMs - 500);
    expect(segment?.durationMs ?? 0).toBeLessThan(playback.durationMs + 1500);
    expect(Math.abs((segment?.startMs ?? 0) - (playback.startedAtMediaMs ?? 0))).toBeLessThan(500);

    // The evidence names the audio: the artifact's bytes, its hash, the text's hash.
    const artifactBytes = await readFile(h.store.filePath(sessionId, playback.artifact.name));
    expect(createHash('sha256').update(artifactBytes).digest('hex')).toBe(playback.artifact.sha256);
    expect(playback.artifact).toMatchObject({ kind: 'speech', mediaType: 'audio/ogg' });
    const events = (await h.store.evidence.readEvents(sessionId)) ?? [];
    const played = events
      .map((entry) => readEvent(entry, 'speech.played'))
      .filter((entry): entry is NonNullable<typeof entry> => entry !== undefined);
    expect(played).toHaveLength(1);
    const expected: Partial<EventData<'speech.played'>> = {
      artifactSha256: playback.artifact.sha256,
      origin: 'rendered',
      textSha256: createHash('sha256').update(DISCLOSURE, 'utf8').digest('hex'),
      locale: 'zh-Hans',
      voice: 'cmn',
      rateWpm: DEFAULT_SPEECH_SETTINGS.rateWpm,
      elderly: false,
      peerId: SPEECH_PEER_ID,
      repeat: 0,
    };
    expect(played[0]?.data).toMatchObject(expected);
    expect(played[0]?.data.engine).toMatch(/^espeak-ng \d/);
    expect(played[0]?.mediaTimeMs).toBe(playback.startedAtMediaMs);
    room.close('ended', 'SESSION_ENDED');
  });

  it('stops on request, replays within the bound of repeats, and logs what was cut short', async () => {
    const room = await newRoom(h.media);
    const sessionId = room.sessionId;
    await h.store.evidence.openSession(sessionId);
    joinPeer(room, 'customer-2', 'customer');
    const recording = h.recorder();
    const speech = createSpeechService({
      settings: speechSettings({ maxRepeats: 1 }),
      evidence: h.store.evidence,
      rooms: roomsOf(room),
      recording,
      log: testLog,
    });
    // Not recorded: playback still works, with no media time.
    const first = await speech.play(sessionId, {
      text: 'Your deposit is not guaranteed.',
      locale: 'en',
      elderly: true,
    });
    expect(first.recorded).toBe(false);
    expect(first.startedAtMediaMs).toBeNull();
    expect(await speech.stop(sessionId)).toBe(true);
    expect((await first.ended).kind).toBe('stopped');
    expect(await speech.stop(sessionId)).toBe(false);

    const again = await speech.replay(sessionId);
    expect(again.artifact.sha256).toBe(first.artifact.sha256);
    await speech.stop(sessionId);
    // 1 + maxRepeats plays of the same audio; the next is refused.
    expect((await rejection(speech.replay(sessionId))).code).toBe('RATE_LIMITED');

    const events = (await h.store.evidence.readEvents(sessionId)) ?? [];
    const played = events.map((entry) => readEvent(entry, 'speech.played')).filter((entry) => entry !== undefined);
    expect(played.map((entry) => entry.data.repeat)).toEqual([0, 1]);
    expect(played[0]?.data).toMatchObject({
      elderly: true,
      rateWpm: DEFAULT_SPEECH_SETTINGS.elderlyRateWpm,
      voice: 'en-us',
    });
    const stops = events.map((entry) => readEvent(entry, 'speech.stopped')).filter((entry) => entry !== undefined);
    expect(stops.map((entry) => entry.data.reason)).toEqual(['request', 'request']);
    expect(stops[0]?.data.playedMs ?? Infinity).toBeLessThan(first.durationMs);
    room.close('ended', 'SESSION_ENDED');
  });

  it('refuses a session without a live room', async () => {
    const recording = h.recorder();
    const speech = createSpeechService({
      settings: speechSettings(),
      evidence: h.store.evidence,
      rooms: roomsOf(),
      recording,
      log: testLog,
    });
    expect((await rejection(speech.play('no-such-session', { text: 'Hello', locale: 'en' }))).code).toBe(
      'SESSION_NOT_FOUND',
    );
  });
});
