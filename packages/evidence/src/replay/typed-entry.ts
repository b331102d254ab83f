import * as v from 'valibot';
import { EVENTS, type EventData, type EventType } from '../events/table.ts';
import type { LooseEntry } from './replay-model.ts';

/**
 * The entry's data as its type's schema reads it, when the entry is of
 * `type` and its data matches; undefined otherwise. The replay reads leniently
 * (a damaged entry costs only itself), so this never throws.
 */
export function typedData<K extends EventType>(entry: LooseEntry, type: K): EventData<K> | undefined {
  if (entry.type !== type) return undefined;
  const schema: v.GenericSchema<unknown, EventData<K>> = EVENTS[type].data as v.GenericSchema<unknown, EventData<K>>;
  const parsed = v.safeParse(schema, entry.data);
  return parsed.success ? parsed.output : undefined;
}
