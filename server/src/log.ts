import type { LogLevel } from './config.ts';

// Structured JSON-lines logs: one object per line on stdout, for the
// operator's log shipper. Anything that looks like a credential is redacted
// on the way out, whichever code path put it there.

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line (e.g. `{ sessionId }`). */
  child(bindings: LogFields): Logger;
  isEnabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Where lines go; stdout by default. Tests collect them. */
  readonly write?: (line: string) => void;
  readonly bindings?: LogFields;
  readonly now?: () => Date;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const REDACTED = '[redacted]';
/** Keys whose values are credentials whatever they contain. */
const SECRET_KEY = /password|passwd|secret|api[-_]?key|cookie|jwt|private[-_]?key/i;
/**
 * Keys that name credentials or settings about them (`authorization` header or settings group, `joinTokenTtlSeconds`,
 * `turnCredentialTtlSeconds`): their strings and opaque values are replaced, numbers, flags and plain objects stay.
 */
const CREDENTIAL_KEY = /token|authorization|credential/i;
/** Credential-looking names that are public by definition (a token's issuer is printed in every token). */
const PUBLIC_KEY = /issuer$/i;
/** JWTs (three base64url parts, the first a JSON header) and bearer credentials inside free text. */
const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER_PATTERN = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const MAX_DEPTH = 6;

export function redactText(text: string): string {
  return text.replace(JWT_PATTERN, '[redacted-jwt]').replace(BEARER_PATTERN, `$1 ${REDACTED}`);
}

/**
 * Under a credential-named key every string, Buffer or other opaque value is
 * replaced; numbers, booleans and plain objects are not credentials
 * (`joinTokenTtlSeconds: 900`, the `authorization` settings group), so they
 * stay readable — and each string inside such an object is still replaced.
 */
function redactValue(value: unknown, depth: number, seen: WeakSet<object>, credential = false): unknown {
  if (typeof value === 'string') return credential ? REDACTED : redactText(value);
  if (typeof value === 'bigint') return credential ? REDACTED : value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (credential && !isPlainObject(value)) return REDACTED;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  if (value instanceof Error) return serializeError(value, depth, seen);
  if (value instanceof Date) return value.toISOString();
  // Objects that decide their own JSON form (Secret prints "[redacted]").
  const toJSON: unknown = Reflect.get(value, 'toJSON');
  if (typeof toJSON === 'function') return redactValue(toJSON.call(value), depth + 1, seen);
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactValue(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && item !== undefined) out[key] = REDACTED;
    else
      out[key] = redactValue(item, depth + 1, seen, credential || (CREDENTIAL_KEY.test(key) && !PUBLIC_KEY.test(key)));
  }
  return out;
}

const isPlainObject = (value: object): boolean => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

function serializeError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string' || typeof code === 'number') out['code'] = code;
  if (error.stack) out['stack'] = redactText(error.stack);
  if (error.cause !== undefined) out['cause'] = redactValue(error.cause, depth + 1, seen);
  return out;
}

/** Makes `fields` safe to print: secret-named keys, JWTs and bearer credentials are replaced. */
export function redact(fields: LogFields): Record<string, unknown> {
  return redactValue(fields, 0, new WeakSet()) as Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = RANK[options.level];
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const now = options.now ?? (() => new Date());
  const bindings = options.bindings ?? {};

  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields | undefined): void => {
    if (RANK[level] < threshold) return;
    const record = redact({ ...bindings, ...fields });
    write(`${JSON.stringify({ time: now().toISOString(), level, msg: redactText(message), ...record })}\n`);
  };

  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (more) => createLogger({ ...options, bindings: { ...bindings, ...more } }),
    isEnabled: (level) => RANK[level] >= threshold,
  };
}

/** A logger that prints nothing (library use without a logger). */
export const silentLogger: Logger = createLogger({ level: 'silent' });
