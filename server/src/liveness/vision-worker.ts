// A worker thread that runs the face models (tfjs on wasm) for the liveness
// service: JPEG decoding and inference never run on the server's event loop.
// One job at a time; messages are `VisionRequest` in, `VisionReply` out.
import { parentPort } from 'node:worker_threads';
import { AirError } from '@aircounter/protocol';
import type { Vision } from '@aircounter/vision';
import { createNodeVision } from '@aircounter/vision/node';
import { describeIdPhoto, measureOrFail } from './analysis.ts';
import type { VisionReply, VisionRequest } from './vision-messages.ts';

const port = parentPort;
if (!port) throw new Error('vision-worker.ts runs as a worker thread only');

let vision: Promise<Vision> | undefined;
function instance(): Promise<Vision> {
  const pending = (vision ??= createNodeVision({ maxFaces: 2 }));
  pending.catch(() => {
    if (vision === pending) vision = undefined;
  });
  return pending;
}

async function handle(request: VisionRequest): Promise<VisionReply> {
  try {
    switch (request.kind) {
      case 'warmUp':
        await (await instance()).warmUp({ recognition: true });
        return { id: request.id, ok: true, kind: 'warmUp' };
      case 'measure': {
        const { challenge, capturedAt, jpeg } = request;
        const frame = await measureOrFail(await instance(), { challenge, capturedAt, jpeg });
        return { id: request.id, ok: true, kind: 'measure', frame };
      }
      case 'idPhoto':
        return {
          id: request.id,
          ok: true,
          kind: 'idPhoto',
          descriptor: await describeIdPhoto(await instance(), request.jpeg),
        };
    }
  } catch (error) {
    const code = error instanceof AirError ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    return { id: request.id, ok: false, code, message };
  }
}

port.on('message', (request: VisionRequest) => {
  void handle(request).then((reply) => port.postMessage(reply));
});
