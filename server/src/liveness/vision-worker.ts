// A worker thread that runs the face models (tfjs on wasm) for the liveness
// service: JPEG decoding and inference never run on the server's event loop.
// One job at a time; messages are `VisionRequest` in, `VisionReply` out.
import type { Vision } from '@aircounter/vision';
import { createNodeVision } from '@aircounter/vision/node';
import { serveJobs } from '../threads/serve-jobs.ts';
import { describeIdPhoto, measureOrFail } from './analysis.ts';
import type { VisionJob, VisionResult } from './vision-messages.ts';

let vision: Promise<Vision> | undefined;
function instance(): Promise<Vision> {
  const pending = (vision ??= createNodeVision({ maxFaces: 2 }));
  pending.catch(() => {
    if (vision === pending) vision = undefined;
  });
  return pending;
}

serveJobs<VisionJob, VisionResult>('vision-worker.ts', async (request) => {
  switch (request.kind) {
    case 'warmUp':
      await (await instance()).warmUp({ recognition: true });
      return { kind: 'warmUp' };
    case 'measure': {
      const { challenge, capturedAt, jpeg } = request;
      return { kind: 'measure', frame: await measureOrFail(await instance(), { challenge, capturedAt, jpeg }) };
    }
    case 'idPhoto':
      return { kind: 'idPhoto', descriptor: await describeIdPhoto(await instance(), request.jpeg) };
  }
});
