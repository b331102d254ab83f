import * as v from 'valibot';
import { AirError } from './errors.ts';
import { maxBytesFor, METHODS, type MethodName, type RequestData, type ResponseData } from './methods.ts';
import { NOTIFICATIONS, type NotificationData, type NotificationName } from './schemas/notifications.ts';

function issuesText(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Parses `value` with `schema` or throws `AirError('INVALID_PARAMS')` naming the fields at fault. */
export function parseOrThrow<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new AirError('INVALID_PARAMS', `${what}: ${issuesText(result.issues)}`);
  return result.output;
}

export function parseRequest<M extends MethodName>(method: M, data: unknown): RequestData<M> {
  return parseOrThrow(METHODS[method].request, data, method) as RequestData<M>;
}

export function parseResponse<M extends MethodName>(method: M, data: unknown): ResponseData<M> {
  return parseOrThrow(METHODS[method].response, data, `${method} response`) as ResponseData<M>;
}

export function parseNotification<N extends NotificationName>(name: N, data: unknown): NotificationData<N> {
  return parseOrThrow(NOTIFICATIONS[name], data, name) as NotificationData<N>;
}

/** UTF-8 byte length, the measure used for every size limit. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

export function checkSize(method: MethodName, bytes: number): void {
  const max = maxBytesFor(method);
  if (bytes > max) throw new AirError('PAYLOAD_TOO_LARGE', `${method} allows ${max} bytes, got ${bytes}`);
}
