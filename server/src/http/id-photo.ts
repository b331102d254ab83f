import { AirError } from '@aircounter/protocol';
import type { AirServices } from '../services.ts';
import { bankRoute } from './bank-route.ts';
import { readBody } from './body.ts';
import { idParam } from './params.ts';
import { sendNoContent } from './respond.ts';

/** ID photos are scans or document crops; 5 MiB is plenty for a JPEG of one. */
const MAX_ID_PHOTO_BYTES = 5 * 1024 * 1024;

/**
 * `PUT /api/v1/sessions/:id/id-photo` (image/jpeg): the bank's reference
 * photo for the session's face match. Only its 128-D descriptor is kept (in
 * memory, until the session ends); the evidence log records its SHA-256.
 */
export function registerIdPhotoRoute(services: AirServices): void {
  const { http, bankAuth, sessions, liveness } = services;
  http.add(
    'PUT',
    '/api/v1/sessions/:id/id-photo',
    bankRoute(bankAuth, async (request) => {
      const { req, res } = request;
      const session = await sessions.requireLive(idParam(request));
      if (!/^image\/jpeg\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
        throw new AirError('INVALID_PARAMS', 'Content-Type must be image/jpeg');
      }
      const body = await readBody(req, MAX_ID_PHOTO_BYTES);
      await liveness.setIdPhoto(session.id, new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
      sendNoContent(res);
    }),
  );
}
