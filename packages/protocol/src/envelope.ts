import * as v from 'valibot';
import { ERRORS, type ErrorCode } from './errors.ts';

// The three shapes of every WebSocket frame (JSON text). Requests carry an id
// chosen by the client; the server answers each with exactly one response.
const RequestId = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const ErrorCodeSchema = v.picklist(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]);

export const RequestEnvelope = v.strictObject({
  kind: v.literal('request'),
  id: RequestId,
  method: v.pipe(v.string(), v.maxLength(64)),
  data: v.unknown(),
});
export const ResponseEnvelope = v.variant('ok', [
  v.strictObject({ kind: v.literal('response'), id: RequestId, ok: v.literal(true), data: v.unknown() }),
  v.strictObject({
    kind: v.literal('response'),
    // null when the request's id could not be read (malformed JSON or envelope),
    // as in JSON-RPC: the client cannot match it to a pending request.
    id: v.nullable(RequestId),
    ok: v.literal(false),
    error: v.object({ code: ErrorCodeSchema, message: v.pipe(v.string(), v.maxLength(1000)) }),
  }),
]);
export const NotificationEnvelope = v.strictObject({
  kind: v.literal('notification'),
  method: v.pipe(v.string(), v.maxLength(64)),
  data: v.unknown(),
});
export const ServerEnvelope = v.variant('kind', [ResponseEnvelope, NotificationEnvelope]);

export type RequestEnvelope = v.InferOutput<typeof RequestEnvelope>;
export type ResponseEnvelope = v.InferOutput<typeof ResponseEnvelope>;
export type NotificationEnvelope = v.InferOutput<typeof NotificationEnvelope>;
export type ServerEnvelope = v.InferOutput<typeof ServerEnvelope>;

/** WebSocket subprotocol of this protocol version. */
export const SUBPROTOCOL = 'aircounter.v1';
/**
 * Prefix of the second subprotocol, which carries the join token. Browsers
 * cannot set headers on a WebSocket, and a token in the URL ends up in proxy
 * and access logs; `Sec-WebSocket-Protocol` is neither.
 */
export const TOKEN_SUBPROTOCOL_PREFIX = 'aircounter.token.';
