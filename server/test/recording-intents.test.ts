import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingIntentRepository, type Interruption } from '../src/store/recording-intents-repository.ts';
import { SessionRepository } from '../src/store/sessions-repository.ts';
import { useDbEngines, type TestDb } from './helpers/db-engines.ts';

// Whether a session's recording is wanted, on both engines: what a restart of
// the server resumes, what a stop forgets, and that concurrent writers (a
// stale recorder, two nodes resuming at once) cannot overwrite each other.

const ENGINES = useDbEngines('recording-intents');

const ORIGIN = Date.UTC(2026, 2, 1, 9, 0, 0, 0);

const SHUTDOWN: Interruption = {
  kind: 'server-shutdown',
  atUnixMs: ORIGIN + 60_000,
  tracks: [
    { peerId: 'customer-1', role: 'customer', source: 'camera', lastMediaUnixMs: ORIGIN + 60_000 },
    { peerId: 'agent-1', role: 'agent', source: 'microphone', lastMediaUnixMs: ORIGIN + 59_500 },
  ],
};

describe.each(ENGINES)('recording intents on $name', ({ open }) => {
  let engine: TestDb;
  let intents: RecordingIntentRepository;
  let sessions: SessionRepository;

  beforeAll(async () => {
    engine = await open();
    intents = new RecordingIntentRepository(engine.db);
    sessions = new SessionRepository(engine.db);
  });
  afterAll(async () => {
    await engine.close();
  });

  const start = (sessionId: string, recordingId: string) =>
    intents.started({
      sessionId,
      recordingId,
      startedBy: 'agent-1',
      startedAtUnixMs: ORIGIN + 1000,
      consent: { kind: 'explicit', peerId: 'customer-1', atUnixMs: ORIGIN + 500 },
      mediaOriginUnixMs: ORIGIN,
    });

  it('keeps a started recording with its consent, origin and interruption, and resumes it as the next part', async () => {
    await sessions.create({ id: 's-resume' });
    expect(await intents.get('s-resume')).toBeUndefined();
    const started = await start('s-resume', 'rec-1');
    expect(started).toEqual({
      sessionId: 's-resume',
      wanted: true,
      recordingId: 'rec-1',
      part: 1,
      startedBy: 'agent-1',
      startedAtUnixMs: ORIGIN + 1000,
      consent: { kind: 'explicit', peerId: 'customer-1', atUnixMs: ORIGIN + 500 },
      mediaOriginUnixMs: ORIGIN,
      interruption: undefined,
      stoppedBy: undefined,
      stopReason: undefined,
      revision: 1,
    });
    // A stale recorder (another recording id) cannot mark it interrupted.
    expect(await intents.interrupted('s-resume', 'rec-0', SHUTDOWN)).toBe(false);
    expect(await intents.interrupted('s-resume', 'rec-1', SHUTDOWN)).toBe(true);
    // The first interruption is kept: a later one (recovery after a second stop) does not move the gap's start.
    expect(
      await intents.interrupted('s-resume', 'rec-1', {
        ...SHUTDOWN,
        kind: 'server-crashed',
        atUnixMs: ORIGIN + 90_000,
      }),
    ).toBe(false);
    const interrupted = await intents.get('s-resume');
    expect(interrupted).toMatchObject({ wanted: true, interruption: SHUTDOWN, revision: 2 });

    // Two nodes resume from the same revision: exactly one wins.
    const results = await Promise.all([
      intents.resumed('s-resume', 2, 'rec-2a'),
      intents.resumed('s-resume', 2, 'rec-2b'),
    ]);
    const winners = results.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ part: 2, interruption: undefined, revision: 3, wanted: true });
    const current = await intents.get('s-resume');
    expect(['rec-2a', 'rec-2b']).toContain(current?.recordingId);
    // The intent moved on: resuming from the old revision changes nothing.
    expect(await intents.resumed('s-resume', 2, 'rec-late')).toBeUndefined();
    expect((await intents.get('s-resume'))?.recordingId).toBe(current?.recordingId);
  });

  it('remembers a stop: no resume after it, and a stale recorder cannot stop a newer recording', async () => {
    await sessions.create({ id: 's-stop' });
    await start('s-stop', 'rec-a');
    await start('s-stop', 'rec-b');
    expect(await intents.stopped('s-stop', 'stopped', { recordingId: 'rec-a', stoppedBy: 'agent-1' })).toBe(false);
    expect((await intents.get('s-stop'))?.wanted).toBe(true);
    expect(await intents.stopped('s-stop', 'stopped', { recordingId: 'rec-b', stoppedBy: 'agent-1' })).toBe(true);
    const stopped = await intents.get('s-stop');
    expect(stopped).toMatchObject({ wanted: false, stopReason: 'stopped', stoppedBy: 'agent-1', part: 1 });
    const revision = stopped?.revision ?? 0;
    // Neither an interruption nor a resume brings a stopped recording back.
    expect(await intents.interrupted('s-stop', 'rec-b', SHUTDOWN)).toBe(false);
    expect(await intents.resumed('s-stop', revision, 'rec-c')).toBeUndefined();
    expect(await intents.get('s-stop')).toMatchObject({ wanted: false, recordingId: 'rec-b', revision });
    // A refusal stops whatever runs; a new start makes it wanted again, from part 1.
    await start('s-stop', 'rec-d');
    expect(await intents.stopped('s-stop', 'consent-withdrawn', { stoppedBy: 'customer-1' })).toBe(true);
    expect(await intents.get('s-stop')).toMatchObject({ wanted: false, stopReason: 'consent-withdrawn' });
  });

  it('goes with its session when the session is deleted (pruning)', async () => {
    await sessions.create({ id: 's-gone' });
    await start('s-gone', 'rec-x');
    expect(await intents.get('s-gone')).toMatchObject({ wanted: true });
    await engine.db.query('DELETE FROM sessions WHERE id = $1', ['s-gone']);
    expect(await intents.get('s-gone')).toBeUndefined();
  });

  it('refuses an interruption that is not one', async () => {
    await sessions.create({ id: 's-bad' });
    await start('s-bad', 'rec-1');
    const bad = { ...SHUTDOWN, kind: 'power-cut' } as unknown as Interruption;
    await expect(intents.interrupted('s-bad', 'rec-1', bad)).rejects.toThrow();
    expect((await intents.get('s-bad'))?.interruption).toBeUndefined();
  });
});
