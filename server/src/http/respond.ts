import type { ServerResponse } from 'node:http';
import { AirError, ERRORS } from '@aircounter/protocol';

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204, COMMON_HEADERS);
  res.end();
}

/** `{ error: { code, message } }` with the code's HTTP status (docs/architecture.md). */
export function sendError(res: ServerResponse, error: AirError, headers: Record<string, string> = {}): void {
  const status = ERRORS[error.code].httpStatus;
  const extra = status === 401 ? { 'www-authenticate': 'Bearer', ...headers } : headers;
  sendJson(res, status, { error: error.toPayload() }, extra);
}

export function toAirError(error: unknown): AirError | undefined {
  return error instanceof AirError ? error : undefined;
}
