// Child process of recording-recovery.test.ts: records a two-party session
// into the evidence store under argv[2] until the parent kills it with SIGKILL.
// Prints one JSON line once the recording is active.
import { childArguments, printActive, publishParticipants } from './helpers/recording-child.ts';
import { newRecordingService, newRoom, openEvidence, startMedia } from './helpers/recording.ts';

const { root, sessionId, clip } = childArguments('recording-crash-child.ts');
const store = await openEvidence(root);
const media = await startMedia();
const room = await newRoom(media, sessionId);
await store.evidence.openSession(sessionId);
const feeds = await publishParticipants(room, clip);
const recording = newRecordingService(store.evidence, { consentPolicy: 'external' });
const { recordingId } = await recording.start(room, 'agent-1');
printActive(recording, room, recordingId, feeds);
// Keep recording until killed.
setInterval(() => undefined, 1000);
