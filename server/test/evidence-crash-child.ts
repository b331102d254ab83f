// Child process of evidence-recovery.test.ts: a "server" that logs events as
// fast as it can (printing each durable seq) until it is SIGKILLed.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EvidenceLog } from '../src/evidence/event-log.ts';
import { EvidenceService } from '../src/evidence/evidence-service.ts';
import { LocalWormStore } from '../src/evidence/local-worm-store.ts';
import { SigningKeyRing } from '../src/evidence/signing-keys.ts';

const [root = '', keyFile = '', sessionId = ''] = process.argv.slice(2);
const store = new LocalWormStore(root);
// Entries of a type this server does not write (the log layer takes any valid type): straight into the log.
const eventLog = new EvidenceLog(store);
const service = new EvidenceService({
  store,
  eventLog,
  keys: await SigningKeyRing.load({ keyFile, generateIfMissing: false }),
  stagingDir: join(root, 'staging'),
});
await service.openSession(sessionId, { agentId: 'agent-9' });
// A recording in progress in the staging area, as ffmpeg would leave it.
await writeFile(await service.stagingPath(sessionId, 'recording.webm'), new Uint8Array(4096).fill(7));
service.setMediaOrigin(sessionId, Date.now());
for (let i = 0; ; i++) {
  const entry = await eventLog.append(sessionId, { type: 'script.step', data: { i } });
  process.stdout.write(`${entry.seq}\n`);
}
