// A worker thread that reads finished recordings (see recorded-file-readers.ts):
// parsing every packet of a burst of files stays off the server's event loop.
// One job at a time; messages are `ReadRequest` in, `ReadReply` out.
import { parentPort } from 'node:worker_threads';
import { AirError } from '@aircounter/protocol';
import { readRecordedFile } from './read-recorded.ts';
import type { ReadReply, ReadRequest } from './recorded-file-readers.ts';

const port = parentPort;
if (!port) throw new Error('read-recorded-worker.ts runs as a worker thread only');

async function handle(request: ReadRequest): Promise<ReadReply> {
  try {
    if (request.kind === 'warmUp') return { id: request.id, ok: true, kind: 'warmUp' };
    return { id: request.id, ok: true, kind: 'read', probe: await readRecordedFile(request.file) };
  } catch (error) {
    const code = error instanceof AirError ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    return { id: request.id, ok: false, code, message };
  }
}

port.on('message', (request: ReadRequest) => {
  void handle(request).then((reply) => port.postMessage(reply));
});
