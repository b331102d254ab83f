import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotificationData } from '@aircounter/protocol';
import { verifyEvidence } from '@aircounter/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSyncClip, type SyncClip } from '../../tests/fixtures/sync-clip.ts';
import { createDirectoryReader } from '../src/evidence/directory-reader.ts';
import { recordingsVerdict } from '../src/recording/package-verdict.ts';
import { RecordingService } from '../src/recording/service.ts';
import type { Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPgliteDb, sharedPgliteSeedDir } from '../src/store/pglite-db.ts';
import { storeOver, type Store } from '../src/store/store.ts';
import {
  alive,
  PARTICIPANTS,
  recordThenStopChild,
  type ActiveLine,
  type ChildExit,
} from './helpers/recording-child.ts';
import {
  feedClip,
  joinPeer,
  newRoom,
  openEvidence,
  publish,
  readTiming,
  recordingSettings,
  sleep,
  startMedia,
  testLog,
  waitFor,
  type ClipFeed,
  type EvidenceHarness,
  type MediaHarness,
} from './helpers/recording.ts';

// A recorded two-party call (ffmpeg-fed producers, real worker, real ffmpeg
// recorders) whose server is killed (SIGKILL) or stopped (SIGTERM) and
// restarted on the same data: the participants come back and publish again,
// and the recording resumes by itself — no agent asks — as the next part on
// the same timeline, each track's restart a gap (`server-restart`) from its
// last written media to the first packet of its new segment. The session then
// ends, its package is sealed once, and the verifier accepts it as intact and
// incomplete, its timing listing the gap and the segments before and after.

const TRACK_KEYS = ['agent-1/camera', 'agent-1/microphone', 'customer-1/camera', 'customer-1/microphone'];

let clip: SyncClip;
const leftovers: number[] = [];

beforeAll(async () => {
  clip = await ensureSyncClip({ durationS: 12 });
});

afterAll(() => {
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

async function openStore(root: string): Promise<{ db: Db; store: Store }> {
  const db = await openPgliteDb(join(root, 'db'), { seedDir: sharedPgliteSeedDir() });
  await migrate(db);
  return { db, store: storeOver(db, 'node-after') };
}

/** The server before the restart: records, then is killed or stopped once media has flowed for a while. */
async function recordThenStop(
  root: string,
  sessionId: string,
  signal: 'SIGKILL' | 'SIGTERM',
): Promise<ActiveLine & { exit: ChildExit }> {
  const script = join(import.meta.dirname, 'recording-resume-child.ts');
  return recordThenStopChild(script, [root, sessionId, clip.webm ?? ''], signal, leftovers);
}

// `node-lost`: the recording node is killed and never restarts; another node, already running on the same database
// and evidence directory, opens the session's room when the participants move to it, and takes the recording over.
describe.each(['SIGKILL', 'SIGTERM', 'node-lost'] as const)('a recording interrupted by %s', (mode) => {
  const signal = mode === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL';
  let root: string;
  let evidence: EvidenceHarness | undefined;
  let media: MediaHarness | undefined;
  let db: Db | undefined;
  const feeds: ClipFeed[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'air-recording-resume-'));
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.stop()));
    media?.close();
    await db?.close();
    await rm(root, { recursive: true, force: true });
  });

  // Two "server" lifetimes with real workers and ffmpeg recorders: not a timing assertion.
  it(
    'resumes by itself as the next part when the participants publish again; one sealed package lists the gap',
    { timeout: 180_000 },
    async () => {
      const sessionId = `resume-${randomBytes(4).toString('hex')}`;
      // The session exists in the store, as the server created it.
      const before = await openStore(root);
      await before.store.sessions.create({ id: sessionId });
      await before.db.close();

      const first = await recordThenStop(root, sessionId, signal);
      expect(first.recorderPids).toHaveLength(4);
      expect(first.exit).toEqual(signal === 'SIGKILL' ? [null, 'SIGKILL'] : [0, null]);

      // The restart: the same evidence directory and database, a fresh worker and recording service.
      evidence = await openEvidence(root);
      const after = await openStore(root);
      db = after.db;
      const intents = after.store.recordingIntents;
      const recording = new RecordingService({
        evidence: evidence.evidence,
        settings: recordingSettings({ consentPolicy: 'external' }),
        log: testLog,
        intents,
      });
      if (mode === 'node-lost') {
        // The other node started long before: its start-up recovery is behind it, and nothing marked the loss.
        expect(await intents.get(sessionId)).toMatchObject({ wanted: true, part: 1, interruption: undefined });
      } else {
        await recording.recover(evidence.evidence);
        const interrupted = await intents.get(sessionId);
        expect(interrupted).toMatchObject({
          wanted: true,
          recordingId: first.recordingId,
          part: 1,
          startedBy: 'agent-1',
          interruption: { kind: signal === 'SIGKILL' ? 'server-crashed' : 'server-shutdown' },
        });
        expect(interrupted?.interruption?.tracks.map((track) => `${track.peerId}/${track.source}`).sort()).toEqual(
          TRACK_KEYS,
        );
      }

      // The participants' clients rejoin a fresh room and publish again; nobody calls startRecording.
      media = await startMedia();
      const room = await newRoom(media, sessionId);
      const recorder = recording.recorderFor(room);
      const links = [];
      for (const [peerId, role] of PARTICIPANTS) {
        const { peer, link } = joinPeer(room, peerId, role);
        links.push(link);
        const feed = await feedClip(room.router, clip.webm ?? '', { loop: true });
        feeds.push(feed);
        if (feed.process.pid !== undefined) leftovers.push(feed.process.pid);
        publish(room, peer, feed);
      }
      await waitFor(() => (recorder.state === 'active' ? true : undefined), 20_000);
      const resumedId = recorder.status().recordingId ?? '';
      expect(resumedId).not.toBe(first.recordingId);
      expect(await intents.get(sessionId)).toMatchObject({
        wanted: true,
        recordingId: resumedId,
        part: 2,
        interruption: undefined,
      });
      // Every track is recorded again (each restart gap closed by its new segment's first packet).
      await waitFor(() => {
        const coverage = recorder.status().coverage ?? [];
        return coverage.length === 4 && coverage.every((track) => track.recorded) ? true : undefined;
      }, 20_000);
      // Both participants were told, as for any recording.
      for (const link of links) {
        expect(link.recordingStates().slice(-2)).toEqual(['starting', 'active']);
        const last = link.notifications.filter((entry) => entry.name === 'recordingStatus').at(-1)?.data as
          NotificationData<'recordingStatus'> | undefined;
        expect(last?.recordingId).toBe(resumedId);
      }
      await sleep(3000);

      // The session really ends: the resumed part is finalized, and nothing resumes any more.
      room.close('session-ended', 'SESSION_ENDED');
      await recording.whenSettled(sessionId);
      expect(recorder.state).toBe('complete');
      expect(recorder.status()).toMatchObject({ complete: false, incomplete: expect.arrayContaining(['gap']) });
      expect(await intents.get(sessionId)).toMatchObject({ wanted: false, stopReason: 'session-ended' });

      const events = (await evidence.evidence.readEvents(sessionId)) ?? [];
      const states = events
        .filter((entry) => entry.type === 'recording.state')
        .map((entry) => [entry.data['recordingId'], entry.data['state'], entry.data['reason'] ?? null]);
      expect(states).toEqual([
        [first.recordingId, 'starting', null],
        [first.recordingId, 'active', null],
        ...(signal === 'SIGKILL'
          ? [[first.recordingId, 'aborted', 'server-crashed']]
          : [
              [first.recordingId, 'ending', 'server-shutdown'],
              [first.recordingId, 'aborted', 'server-shutdown'],
            ]),
        [resumedId, 'starting', null],
        [resumedId, 'active', null],
        [resumedId, 'ending', 'session-ended'],
        [resumedId, 'complete', 'session-ended'],
      ]);
      // The shutdown interrupted the recording: nobody stopped it.
      for (const entry of events.filter((item) => item.type === 'recording.state')) {
        expect(entry.data['stoppedBy']).toBeUndefined();
      }
      // The resumed part was started by whoever started the recording, not by a new request.
      expect(
        events.find((entry) => entry.type === 'recording.state' && entry.data['recordingId'] === resumedId)?.data,
      ).toMatchObject({ startedBy: 'agent-1' });

      // Both parts, each with media in every track's segment.
      const before_ = await readTiming(evidence, sessionId, first.recordingId);
      const resumed = await readTiming(evidence, sessionId, resumedId);
      for (const timing of [before_, resumed]) {
        expect(timing.segments.map((segment) => segment.trackKey).sort()).toEqual(TRACK_KEYS);
        for (const segment of timing.segments) {
          expect(segment.empty).toBe(false);
          expect(segment.playableFile).not.toBeNull();
          expect(segment.durationMs ?? 0).toBeGreaterThan(2000);
        }
      }
      expect(resumed.originUnixMs).toBe(before_.originUnixMs);
      // The restart is one gap per track, from its last written media to its new segment.
      const restartGaps = resumed.gaps.filter((gap) => gap.cause === 'server-restart');
      expect(restartGaps.map((gap) => gap.trackKey).sort()).toEqual(TRACK_KEYS);
      for (const gap of restartGaps) {
        const lastBefore = Math.max(
          ...before_.segments.filter((s) => s.trackKey === gap.trackKey).map((s) => s.endMs ?? 0),
        );
        const firstAfter = resumed.segments.find((s) => s.trackKey === gap.trackKey)?.startMs ?? 0;
        expect(gap).toMatchObject({ open: false, counts: true, reason: 'server-restarted' });
        if (signal === 'SIGKILL') expect(gap.fromMs).toBe(lastBefore);
        else expect(Math.abs(gap.fromMs - lastBefore)).toBeLessThan(2000);
        expect(gap.toMs).toBeGreaterThan(gap.fromMs);
        expect(Math.abs(gap.toMs - firstAfter)).toBeLessThan(1000);
      }
      expect(resumed).toMatchObject({ complete: false });
      expect(resumed.incomplete).toContain('gap');
      const gapEvents = events.filter(
        (entry) => entry.type === 'recording.gap' && entry.data['cause'] === 'server-restart',
      );
      expect(gapEvents.map((entry) => entry.data['recordingId'])).toEqual(Array(4).fill(resumedId));

      // Sealed once, when the session ended: intact, and incomplete with the gap.
      const verdict = recordingsVerdict(events);
      expect(verdict.complete).toBe(false);
      expect(verdict.reason).toContain(`recording ${resumedId}: gap`);
      const sealed = await evidence.evidence.finalizeSession(sessionId, {
        complete: false,
        reason: verdict.reason ?? '',
      });
      const names = sealed.manifest.files.map((file) => file.name);
      for (const segment of [...before_.segments, ...resumed.segments]) expect(names).toContain(segment.playableFile);
      const report = await verifyEvidence(createDirectoryReader(evidence.store.sessionDir(sessionId)), {
        publicKeys: [...evidence.evidence.keys.jwks().keys],
      });
      expect(report.verdict).toBe('INCOMPLETE');
      expect(report.files.every((file) => file.status === 'ok')).toBe(true);
      expect(report.events.filter((entry) => entry.type === 'evidence.finalized')).toHaveLength(1);
      // Nothing of either part is left behind in the staging area.
      expect(await evidence.evidence.listStaged(sessionId)).toEqual([]);
    },
  );
});

describe('a recording whose node was lost and whose participants never came back', () => {
  let root: string;
  let db: Db | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'air-recording-left-'));
  });
  afterAll(async () => {
    await db?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('is finished into the package by the node that seals the ended session', { timeout: 120_000 }, async () => {
    const sessionId = `left-${randomBytes(4).toString('hex')}`;
    const before = await openStore(root);
    await before.store.sessions.create({ id: sessionId });
    await before.db.close();
    const lost = await recordThenStop(root, sessionId, 'SIGKILL');

    // Another node, running all along, seals the session once the bank ends it.
    const evidence = await openEvidence(root);
    const after = await openStore(root);
    db = after.db;
    const recording = new RecordingService({
      evidence: evidence.evidence,
      settings: recordingSettings({ consentPolicy: 'external' }),
      log: testLog,
      intents: after.store.recordingIntents,
    });
    // A node starting meanwhile leaves another node's session alone (its recording might still be written).
    const staged = await evidence.evidence.listStaged(sessionId);
    expect(staged.length).toBeGreaterThan(4);
    expect(await recording.recover(evidence.evidence, () => Promise.resolve(false))).toEqual([]);
    expect(await evidence.evidence.listStaged(sessionId)).toEqual(staged);
    const finished = await recording.finishLeftovers(sessionId);
    expect(finished.map((entry) => [entry.recordingId, entry.action, entry.complete])).toEqual([
      [lost.recordingId, 'finalized', false],
    ]);
    expect(await evidence.evidence.listStaged(sessionId)).toEqual([]);
    // Nothing is left for a second look.
    expect(await recording.finishLeftovers(sessionId)).toEqual([]);

    const events = (await evidence.evidence.readEvents(sessionId)) ?? [];
    expect(events.filter((entry) => entry.type === 'recording.state').map((entry) => entry.data['state'])).toEqual([
      'starting',
      'active',
      'aborted',
    ]);
    const timing = await readTiming(evidence, sessionId, lost.recordingId);
    expect(timing.segments.map((segment) => segment.trackKey).sort()).toEqual(TRACK_KEYS);
    const verdict = recordingsVerdict(events);
    expect(verdict.complete).toBe(false);
    const sealed = await evidence.evidence.finalizeSession(sessionId, {
      complete: false,
      reason: verdict.reason ?? '',
    });
    const names = sealed.manifest.files.map((file) => file.name);
    for (const segment of timing.segments) expect(names).toContain(segment.playableFile);
    const report = await verifyEvidence(createDirectoryReader(evidence.store.sessionDir(sessionId)), {
      publicKeys: [...evidence.evidence.keys.jwks().keys],
    });
    expect(report.verdict).toBe('INCOMPLETE');
    expect(report.files.every((file) => file.status === 'ok')).toBe(true);
  });
});

describe('a recording the agent stopped', () => {
  let root: string;
  let media: MediaHarness | undefined;
  let db: Db | undefined;
  const feeds: ClipFeed[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'air-recording-stopped-'));
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.stop()));
    media?.close();
    await db?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('does not resume after a restart: the stop is remembered', { timeout: 120_000 }, async () => {
    const sessionId = `stopped-${randomBytes(4).toString('hex')}`;
    const opened = await openStore(root);
    db = opened.db;
    const intents = opened.store.recordingIntents;
    await opened.store.sessions.create({ id: sessionId });
    const evidence = await openEvidence(root);
    await evidence.evidence.openSession(sessionId);
    media = await startMedia();
    const service = (): RecordingService =>
      new RecordingService({
        evidence: evidence.evidence,
        settings: recordingSettings({ consentPolicy: 'external' }),
        log: testLog,
        intents,
      });
    const worker = media;
    const call = (): ReturnType<typeof newRoom> => newRoom(worker, sessionId);
    const publishAll = async (room: Awaited<ReturnType<typeof newRoom>>): Promise<void> => {
      for (const [peerId, role] of PARTICIPANTS) {
        const { peer } = joinPeer(room, peerId, role);
        const feed = await feedClip(room.router, clip.webm ?? '', { loop: true });
        feeds.push(feed);
        if (feed.process.pid !== undefined) leftovers.push(feed.process.pid);
        publish(room, peer, feed);
      }
    };

    const before = service();
    const room = await call();
    before.recorderFor(room);
    await publishAll(room);
    await before.start(room, 'agent-1');
    await sleep(1500);
    await before.stop(room, 'agent-1');
    expect(await intents.get(sessionId)).toMatchObject({ wanted: false, stopReason: 'stopped', stoppedBy: 'agent-1' });
    // The server stops afterwards (its shutdown finds nothing running) and starts again.
    room.close('server-shutdown');
    await before.shutdown();
    expect((await intents.get(sessionId))?.interruption).toBeUndefined();
    await Promise.all(feeds.splice(0).map((feed) => feed.stop()));

    const after = service();
    await after.recover(evidence.evidence);
    const rejoined = await call();
    const recorder = after.recorderFor(rejoined);
    await publishAll(rejoined);
    await sleep(3000);
    expect(recorder.state).toBe('idle');
    expect(recorder.status().recordingId).toBeUndefined();
    // The agent can start it again, as any recording: part 1 of a new recording.
    const started = await after.start(rejoined, 'agent-1');
    expect(started.state).toBe('active');
    expect(await intents.get(sessionId)).toMatchObject({ wanted: true, part: 1, recordingId: started.recordingId });
    rejoined.close('session-ended', 'SESSION_ENDED');
    await after.whenSettled(sessionId);
    expect(await intents.get(sessionId)).toMatchObject({ wanted: false, stopReason: 'session-ended' });
  });
});
