import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSyncClip, type SyncClip } from '../../tests/fixtures/sync-clip.ts';
import { probeMedia } from '../src/recording/probe.ts';
import { alive, recordThenStopChild, type ActiveLine } from './helpers/recording-child.ts';
import { newRecordingService, openEvidence, readTiming, waitFor, type EvidenceHarness } from './helpers/recording.ts';

// SIGKILL of the server while it records: at the next start the recordings are
// found in the staging area, the orphaned ffmpeg processes are told to close
// their files, unfinished files get playable copies (originals kept), timing
// is rebuilt from the append-only log, and everything is marked incomplete.

let clip: SyncClip;
let store: EvidenceHarness;
const leftovers: number[] = [];

beforeAll(async () => {
  clip = await ensureSyncClip({ durationS: 12 });
  store = await openEvidence();
});

afterAll(async () => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await store?.remove();
});

async function recordThenKill(sessionId: string): Promise<ActiveLine> {
  const { exit, ...active } = await recordThenStopChild(
    join(import.meta.dirname, 'recording-crash-child.ts'),
    [store.root, sessionId, clip.webm ?? ''],
    'SIGKILL',
    leftovers,
  );
  expect(exit[1]).toBe('SIGKILL');
  return active;
}

describe('recovery after the server was killed', () => {
  it('finalizes the partial recording, keeps every byte written and marks it incomplete', async () => {
    const sessionId = `crash-${randomBytes(4).toString('hex')}`;
    const { recordingId, recorderPids } = await recordThenKill(sessionId);
    expect(recorderPids).toHaveLength(4);
    // ffmpeg survives its parent: the recorders still hold their files.
    for (const pid of recorderPids) expect(alive(pid)).toBe(true);
    const staging = join(store.root, 'evidence', 'staging', sessionId);
    const before = new Map<string, number>();
    for (const name of await readdir(staging)) before.set(name, (await stat(join(staging, name))).size);
    const media = [...before.keys()].filter((name) => name.endsWith('.webm'));
    expect(media).toHaveLength(4);

    // "Next start": a fresh evidence service and recording service on the same directories.
    const restarted = await openEvidence(store.root);
    const recording = newRecordingService(restarted.evidence);
    const recovered = await recording.recover(restarted.evidence);
    expect(recovered).toEqual([
      expect.objectContaining({ sessionId, recordingId, action: 'finalized', complete: false }),
    ]);
    // The orphans were told to finish (RTCP BYE) and are gone.
    await waitFor(() => (recorderPids.every((pid) => !alive(pid)) ? true : undefined), 5000);

    const timing = await readTiming(restarted, sessionId, recordingId);
    expect(timing).toMatchObject({ recovered: true, complete: false });
    expect(timing.segments).toHaveLength(4);
    for (const segment of timing.segments) {
      expect(segment.end.reason).toBe('server-crashed');
      expect(segment.playableFile).not.toBeNull();
      const probe = await probeMedia('ffprobe', restarted.filePath(sessionId, segment.playableFile ?? ''));
      expect(probe.streams.map((stream) => stream.codecType)).toEqual([segment.kind]);
      expect(probe.packets).toBeGreaterThan(20);
      // About 3.5 s were recorded before the kill.
      expect(segment.durationMs ?? 0).toBeGreaterThan(2000);
      expect(segment.startMs).not.toBeNull();
      expect(segment.anchor?.method).toBe('sender-report');
    }
    // Nothing already written was lost or replaced: every original is in the package, at least as long.
    for (const name of media) {
      expect((await stat(restarted.filePath(sessionId, name))).size).toBeGreaterThanOrEqual(
        before.get(name) ?? Infinity,
      );
    }
    const events = (await restarted.evidence.readEvents(sessionId)) ?? [];
    const recoveredEvent = events.find((entry) => entry.type === 'recording.recovered');
    expect(recoveredEvent?.data).toMatchObject({ recordingId, complete: false, recovered: true });
    expect(events.filter((entry) => entry.type === 'recording.state').at(-1)?.data).toMatchObject({
      state: 'aborted',
      reason: 'server-crashed',
    });

    // The session's package can now be sealed, incomplete, with every recording file in it.
    const sealed = await restarted.evidence.finalizeSession(sessionId, { complete: false, reason: 'server-crashed' });
    const names = sealed.manifest.files.map((file) => file.name);
    for (const segment of timing.segments) {
      expect(names).toContain(segment.file);
      expect(names).toContain(segment.playableFile);
    }
    expect(names).toContain(`recording-${recordingId}.timing.json`);
    expect(names).toContain(`recording-${recordingId}.timing.jsonl`);
    expect(sealed.manifest.complete).toBe(false);
    // A second recovery finds nothing left to do.
    expect(await recording.recover(restarted.evidence)).toEqual([]);
  });
});
