import { EVENTS, type EventSpec } from './table.ts';

// Renders the event table of docs/evidence-format.md from EVENTS, so the page
// cannot drift from what the server writes: scripts/evidence-format-doc.ts
// writes it between the markers, and doc-table.test.ts fails when they differ.

export const DOC_TABLE_START = '<!-- event-types:start (generated from EVENTS by scripts/evidence-format-doc.ts) -->';
export const DOC_TABLE_END = '<!-- event-types:end -->';

/** The members of a valibot schema, as far as the docs need them. */
interface SchemaShape {
  readonly type: string;
  readonly entries?: Readonly<Record<string, SchemaShape>>;
  readonly wrapped?: SchemaShape;
  readonly item?: SchemaShape;
  readonly options?: readonly (SchemaShape | string)[];
  readonly literal?: unknown;
}

/** Deeper objects are shown as `{…}`: the schema in events/ is the full reference. */
const MAX_DEPTH = 2;

function describe(schema: SchemaShape, depth: number): string {
  switch (schema.type) {
    case 'object':
    case 'loose_object':
    case 'strict_object': {
      if (depth >= MAX_DEPTH) return '{…}';
      const members = Object.entries(schema.entries ?? {}).map(([key, value]) => member(key, value, depth + 1));
      return `{ ${members.join(', ')} }`;
    }
    case 'array':
      return schema.item === undefined ? '[]' : `[${describe(schema.item, depth)}]`;
    case 'nullable':
    case 'optional':
      return schema.wrapped === undefined ? schema.type : describe(schema.wrapped, depth);
    case 'picklist':
      return (schema.options ?? []).map((option) => JSON.stringify(option)).join(' \\| ');
    default:
      return schema.type;
  }
}

/** `name`, `name?` (optional), `name: {…}` / `name: [{…}]` for nested objects. */
function member(key: string, schema: SchemaShape, depth: number): string {
  const optional = schema.type === 'optional';
  const inner = optional && schema.wrapped ? schema.wrapped : schema;
  const unwrapped = inner.type === 'nullable' && inner.wrapped ? inner.wrapped : inner;
  const nested =
    unwrapped.type.endsWith('object') || (unwrapped.type === 'array' && unwrapped.item?.type.endsWith('object'));
  return `${key}${optional ? '?' : ''}${nested ? `: ${describe(unwrapped, depth)}` : ''}`;
}

/** The `data` column: the schema's members (`?` optional; nested objects spelled out one level). */
export function describeData(spec: EventSpec): string {
  return describe(spec.data as unknown as SchemaShape, 0);
}

/** One table row; every column but the last (long) `data` column is padded to its width. */
function row(cells: readonly string[], widths: readonly number[]): string {
  return `| ${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join(' | ')} |`;
}

/** The markdown table of every event type, aligned, in the table's order. */
export function renderEventTable(): string {
  const header = ['Type', 'Written by', 'When', '`data`'];
  const rows = Object.entries(EVENTS).map(([type, spec]: [string, EventSpec]) => [
    `\`${type}\``,
    spec.writer,
    spec.when,
    `\`${describeData(spec)}\``,
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((cells) => (cells[i] ?? '').length)));
  const rule = widths.map((width, i) => '-'.repeat(i === widths.length - 1 ? 6 : width));
  return [row(header, widths), row(rule, widths), ...rows.map((cells) => row(cells, widths))].join('\n');
}

/** The document with its generated section replaced by the current table; throws when the markers are missing. */
export function withEventTable(document: string): string {
  const start = document.indexOf(DOC_TABLE_START);
  const end = document.indexOf(DOC_TABLE_END);
  if (start < 0 || end < start) throw new Error('docs/evidence-format.md lacks the event-types markers');
  return `${document.slice(0, start + DOC_TABLE_START.length)}\n${renderEventTable()}\n${document.slice(end)}`;
}
