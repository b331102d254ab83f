// Child process of recording-recovery.test.ts: records a two-party session
// into the evidence store under argv[2] until the parent kills it with SIGKILL.
// Prints one JSON line once the recording is active.
import {
  feedClip,
  joinPeer,
  newRecordingService,
  newRoom,
  openEvidence,
  publish,
  startMedia,
} from './helpers/recording.ts';

const [root, sessionId, clip] = process.argv.slice(2);
if (root === undefined || sessionId === undefined || clip === undefined) {
  throw new Error('usage: recording-crash-child.ts <root> <sessionId> <clip.webm>');
}
const store = await openEvidence(root);
const media = await startMedia();
const room = await newRoom(media, sessionId);
await store.evidence.openSession(sessionId);
const feederPids: number[] = [];
for (const [peerId, role] of [
  ['customer-1', 'customer'],
  ['agent-1', 'agent'],
] as const) {
  const { peer } = joinPeer(room, peerId, role);
  const feed = await feedClip(room.router, clip, { loop: true });
  if (feed.process.pid !== undefined) feederPids.push(feed.process.pid);
  publish(room, peer, feed);
}
const recording = newRecordingService(store.evidence, { consentPolicy: 'external' });
const { recordingId } = await recording.start(room, 'agent-1');
const recorderPids = recording
  .recorderFor(room)
  .tracks.map((track) => track.ffmpegPid)
  .filter((pid) => pid !== undefined);
process.stdout.write(`${JSON.stringify({ event: 'active', recordingId, recorderPids, feederPids })}\n`);
// Keep recording until killed.
setInterval(() => undefined, 1000);
