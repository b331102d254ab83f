import {
  AirError,
  checkSize,
  isAllowed,
  isMethodName,
  parseRequest,
  RequestEnvelope,
  type MethodName,
  type Role,
} from '@aircounter/protocol';
import * as v from 'valibot';

export interface ParsedRequest {
  readonly ok: true;
  readonly id: number;
  readonly method: MethodName;
  readonly data: unknown;
}

export interface RefusedRequest {
  readonly ok: false;
  /** The request's id when it could be read, for the client to match the error. */
  readonly id: number | null;
  readonly error: AirError;
}

function readableId(value: unknown): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const id: unknown = Reflect.get(value, 'id');
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/**
 * Checks one incoming frame, in order of cost: JSON, envelope, method known,
 * size allowed for that method, role allowed, params schema. The result is
 * either a typed request or the typed error to answer with.
 */
export function parseIncoming(frame: Buffer, isBinary: boolean, role: Role): ParsedRequest | RefusedRequest {
  if (isBinary) {
    return { ok: false, id: null, error: new AirError('MALFORMED_MESSAGE', 'binary frames are not accepted') };
  }
  let json: unknown;
  try {
    json = JSON.parse(frame.toString('utf8'));
  } catch {
    return { ok: false, id: null, error: new AirError('MALFORMED_MESSAGE', 'message is not JSON') };
  }
  const envelope = v.safeParse(RequestEnvelope, json);
  if (!envelope.success) {
    return {
      ok: false,
      id: readableId(json),
      error: new AirError('MALFORMED_MESSAGE', 'expected {kind:"request", id, method, data}'),
    };
  }
  const { id, method, data } = envelope.output;
  try {
    if (!isMethodName(method)) throw new AirError('UNKNOWN_METHOD', `unknown method ${method}`);
    checkSize(method, frame.byteLength);
    if (!isAllowed(method, role)) throw new AirError('FORBIDDEN_ROLE', `${role} may not call ${method}`);
    return { ok: true, id, method, data: parseRequest(method, data) };
  } catch (error) {
    if (error instanceof AirError) return { ok: false, id, error };
    throw error;
  }
}
