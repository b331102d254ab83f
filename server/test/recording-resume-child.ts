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
import {
  feedClip,
  type ClipFeed,
  joinPeer,
  newRoom,
  openEvidence,
  publish,
  recordingSettings,
  startMedia,
  testLog,
} from './helpers/recording.ts';

const [root, sessionId, clip] = process.argv.slice(2);
if (root === undefined || sessionId === undefined || clip === undefined) {
  throw new Error('usage: recording-resume-child.ts <root> <sessionId> <clip.webm>');
}
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
const feeds: ClipFeed[] = [];
for (const [peerId, role] of [
  ['customer-1', 'customer'],
  ['agent-1', 'agent'],
] as const) {
  const { peer } = joinPeer(room, peerId, role);
  const feed = await feedClip(room.router, clip, { loop: true });
  feeds.push(feed);
  publish(room, peer, feed);
}
const recording = new RecordingService({
  evidence: evidence.evidence,
  settings: recordingSettings({ consentPolicy: 'external' }),
  log: testLog,
  intents: store.recordingIntents,
});
recording.recorderFor(room);
const { recordingId } = await recording.start(room, 'agent-1');
const feederPids = feeds.map((feed) => feed.process.pid).filter((pid) => pid !== undefined);
const recorderPids = recording
  .recorderFor(room)
  .tracks.map((track) => track.ffmpegPid)
  .filter((pid) => pid !== undefined);
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
process.stdout.write(`${JSON.stringify({ event: 'active', recordingId, recorderPids, feederPids })}\n`);
// Keep recording until killed or stopped.
setInterval(() => undefined, 1000);
