/**
 * Canonical JSON: the one byte sequence of a JSON value that is hashed and
 * signed. It is the JSON Canonicalization Scheme (RFC 8785) restricted to
 * what the evidence format uses:
 *
 * - no whitespace anywhere;
 * - object members sorted by key, comparing keys as UTF-16 code unit
 *   sequences (JavaScript's default string order);
 * - strings and numbers written as ECMAScript's `JSON.stringify` writes them
 *   (shortest round-trip number form, `-0` as `0`; minimal string escapes);
 * - only `null`, booleans, finite numbers, strings, arrays and plain objects.
 *   Members whose value is `undefined` are left out (as `JSON.stringify`
 *   does, so a value read back from the JSON text canonicalizes identically);
 *   anything else (NaN, Infinity, bigint, functions, `undefined` in an array)
 *   throws, because no verifier could reproduce it from the stored text.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

const MAX_DEPTH = 64;

export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new CanonicalJsonError(`nested deeper than ${MAX_DEPTH}`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`not a finite number: ${value}`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, depth) : writeObject(value, depth);
    default:
      throw new CanonicalJsonError(`not JSON: ${typeof value}`);
  }
}

function writeArray(items: readonly unknown[], depth: number): string {
  const parts = items.map((item, index) => {
    if (item === undefined) throw new CanonicalJsonError(`undefined at array index ${index}`);
    return write(item, depth + 1);
  });
  return `[${parts.join(',')}]`;
}

function writeObject(object: object, depth: number): string {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError('only plain objects are JSON');
  }
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  const parts = keys.map((key) => `${JSON.stringify(key)}:${write(record[key], depth + 1)}`);
  return `{${parts.join(',')}}`;
}
