import { AirError, MAX_ID_LENGTH } from '@aircounter/protocol';
import type { RouteRequest } from './router.ts';

const ID_SHAPE = /^[A-Za-z0-9._:@-]+$/;

/**
 * A path parameter that names an id (session id …), checked for shape and
 * length before it is looked up or written anywhere: an oversized or
 * ill-shaped one is INVALID_PARAMS, and the message never echoes it.
 */
export function idParam(request: Pick<RouteRequest, 'params'>, name = 'id'): string {
  const value = request.params[name] ?? '';
  if (value.length === 0 || value.length > MAX_ID_LENGTH || !ID_SHAPE.test(value)) {
    throw new AirError('INVALID_PARAMS', `${name} must be 1–${MAX_ID_LENGTH} letters, digits or . _ : @ -`);
  }
  return value;
}
