// A worker thread that reads finished recordings (see recorded-file-readers.ts):
// parsing every packet of a burst of files stays off the server's event loop.
// One job at a time; messages are `ReadRequest` in, `ReadReply` out.
import { serveJobs } from '../threads/serve-jobs.ts';
import { readRecordedFile } from './read-recorded.ts';
import type { ReadJob, ReadResult } from './recorded-file-readers.ts';

serveJobs<ReadJob, ReadResult>('read-recorded-worker.ts', async (request) =>
  request.kind === 'warmUp' ? { kind: 'warmUp' } : { kind: 'read', probe: await readRecordedFile(request.file) },
);
