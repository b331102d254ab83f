import type { IncomingMessage } from 'node:http';
import { AirError, parseOrThrow } from '@aircounter/protocol';
import type * as v from 'valibot';

/**
 * Reads the whole body, refusing more than `maxBytes` with PAYLOAD_TOO_LARGE
 * before buffering it (by Content-Length when declared, else while reading).
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AirError('PAYLOAD_TOO_LARGE', `body larger than ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buffer.byteLength;
    if (total > maxBytes) throw new AirError('PAYLOAD_TOO_LARGE', `body larger than ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function isJsonContentType(header: string | undefined): boolean {
  return header !== undefined && /^application\/json\s*(;|$)/i.test(header);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The one way a REST route reads its JSON body: at most `maxBytes` (refused
 * with PAYLOAD_TOO_LARGE before buffering more), `Content-Type:
 * application/json`, valid JSON, and a JSON *object* — an array, a string, a
 * number or null is INVALID_PARAMS before the schema sees it (valibot's
 * object schemas would take an array for an object). Then `schema` (a
 * strict object of the documented shape) validates it. An empty body reads as
 * `{}` (e.g. `POST /api/v1/sessions` with no details).
 */
export async function readJson<S extends v.GenericSchema>(
  req: IncomingMessage,
  maxBytes: number,
  schema: S,
): Promise<v.InferOutput<S>> {
  const body = await readBody(req, maxBytes);
  let json: unknown = {};
  if (body.byteLength > 0) {
    if (!isJsonContentType(req.headers['content-type'])) {
      throw new AirError('MALFORMED_MESSAGE', 'Content-Type must be application/json');
    }
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      throw new AirError('MALFORMED_MESSAGE', 'body is not valid UTF-8 JSON');
    }
  }
  if (!isPlainObject(json)) throw new AirError('INVALID_PARAMS', 'body must be a JSON object');
  return parseOrThrow(schema, json, 'body');
}
