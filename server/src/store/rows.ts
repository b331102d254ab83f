import * as v from 'valibot';
import type { Row } from './db.ts';

/** `timestamptz` as both drivers return it. */
export const Timestamp = v.date();
export const NullableTimestamp = v.nullable(v.date());
export const NullableText = v.nullable(v.string());

/** Checks one row against its table's schema: a mismatch is a bug (schema and code out of step), never data. */
export function parseRow<const S extends v.GenericSchema>(schema: S, row: Row, table: string): v.InferOutput<S> {
  const result = v.safeParse(schema, row);
  if (!result.success) {
    const [issue] = result.issues;
    const column = issue.path?.map((item) => String(item.key)).join('.') ?? '?';
    throw new Error(`unexpected row in ${table}: column ${column}: ${issue.message}`);
  }
  return result.output;
}

export function msOrUndefined(date: Date | null): number | undefined {
  return date === null ? undefined : date.getTime();
}
