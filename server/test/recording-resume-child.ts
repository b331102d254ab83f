// Child process of recording-resume.test.ts: the "server before the restart".
// Records a two-party session (ffmpeg-fed producers) into the evidence store and
// the embedded database under argv[2]; prints one JSON line once the recording
// is active. The parent kills it (SIGKILL), or stops it (SIGTERM: the recording
// ends as the server's shutdown ends it, then the process exits 0).
import { join } from 'node:path';
import { RecordingService } from '../src/recording/service.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPgliteDb } from '../src/store/pglite-db.ts';
import { storeOver } from '../src/store/store.ts';
import { childArguments, printActive, publishParticipants } from './helpers/recording-child.ts';
import { newRoom, openEvidence, recordingSettings, startMedia, testLog } from './helpers/recording.ts';

const { root, sessionId, clip } = childArguments('recording-resume-child.ts');
const evidence = await openEvidence(root);
const db = await openPgliteDb(join(root, 'db'));
await migrate(db);
const store = storeOver(db, 'node-before');
const signalListenersBefore = new Set(process.listeners('SIGTERM'));
const media = await startMedia();
// As the server's worker pool does: the worker closes after the recordings ended, not on the signal itself.
for (const listener of process.listeners('SIGTERM')) {
  if (!signalListenersBefore.has(listener)) process.removeListener('SIGTERM', listener);
}
const room = await newRoom(media, sessionId);
await evidence.evidence.openSession(sessionId);
const feeds = await publishParticipants(room, clip);
const recording = new RecordingService({
  evidence: evidence.evidence,
  settings: recordingSettings({ consentPolicy: 'external' }),
  log: testLog,
  intents: store.recordingIntents,
});
recording.recorderFor(room);
const { recordingId } = await recording.start(room, 'agent-1');
process.once('SIGTERM', () => {
  // What app.close() does, in its order: the rooms close (the session goes on), then recordings end.
  void (async () => {
    room.close('server-shutdown');
    await recording.shutdown();
    await Promise.all(feeds.map((feed) => feed.stop()));
    await evidence.evidence.settled();
    media.close();
    await db.close();
    process.exit(0);
  })();
});
printActive(recording, room, recordingId, feeds);
// Keep recording until killed or stopped.
setInterval(() => undefined, 1000);
