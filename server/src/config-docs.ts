import * as v from 'valibot';
import { ENV_SCHEMA } from './config.ts';
import {
  CONFIG_GROUPS,
  isSecretVariable,
  referenceOf,
  type ConfigVariable,
  type VariableReference,
} from './config-reference.ts';

// Renders docs/configuration.md from ENV_SCHEMA (defaults, bounds, allowed
// values) and CONFIG_REFERENCE (meanings). Pure: the drift test compares its
// output with the committed page, and server/scripts/configuration-docs.ts
// writes it. Nothing here is retyped from the schema, so a changed default or
// bound shows up as a diff of the page.

export const CONFIGURATION_DOC_PATH = 'docs/configuration.md';
export const CONFIGURATION_DOC_COMMAND = 'node --conditions=source server/scripts/configuration-docs.ts';

/** Variables whose schema default is computed from the machine (so the page shows `whenUnset` instead). */
export const MACHINE_DEPENDENT_DEFAULTS: ReadonlySet<ConfigVariable> = new Set(['AIR_NODE_ID']);

export interface SchemaFacts {
  readonly required: boolean;
  /** The schema's default as the environment would spell it; undefined when it has none. */
  readonly defaultValue: string | undefined;
  /** Allowed values read from the schema's pipe (bounds, picklists, boolean, list length). */
  readonly allowed: string | undefined;
}

type Node = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

function children(node: Node): readonly Node[] {
  const pipe = node['pipe'];
  return Array.isArray(pipe) ? pipe.filter(isNode) : [];
}

function code(value: unknown): string {
  return `\`${String(value)}\``;
}

function optionsOf(node: Node): string | undefined {
  const options = node['options'];
  return node['type'] === 'picklist' && Array.isArray(options) ? options.map(code).join(', ') : undefined;
}

function range(min: unknown, max: unknown): string | undefined {
  if (min !== undefined && max !== undefined) return `${String(min)}–${String(max)}`;
  if (min !== undefined) return `at least ${String(min)}`;
  if (max !== undefined) return `at most ${String(max)}`;
  return undefined;
}

/** Reads what the schema itself says about one variable. */
export function schemaFacts(name: ConfigVariable): SchemaFacts {
  const schema: unknown = ENV_SCHEMA.entries[name];
  if (!isNode(schema)) throw new TypeError(`${name}: not a valibot schema`);
  const required = schema['type'] !== 'optional';
  const inner = required ? schema : schema['wrapped'];
  const rawDefault: unknown = required ? undefined : v.getDefault(ENV_SCHEMA.entries[name]);
  const defaultValue = rawDefault === undefined ? undefined : String(rawDefault);
  if (!isNode(inner)) return { required, defaultValue, allowed: undefined };

  const direct = optionsOf(inner);
  if (direct !== undefined) return { required, defaultValue, allowed: `one of ${direct}` };

  let minValue: unknown;
  let maxValue: unknown;
  let minLength: unknown;
  let maxLength: unknown;
  let boolean = false;
  // Length actions before an `array` item bound characters, after it the number of list items.
  let list: { readonly of: string | undefined } | undefined;
  let listMin: unknown;
  let listMax: unknown;
  for (const item of children(inner)) {
    const requirement = item['requirement'];
    switch (item['type']) {
      case 'min_value':
        minValue = requirement;
        break;
      case 'max_value':
        maxValue = requirement;
        break;
      case 'min_length':
        if (list) listMin = requirement;
        else minLength = requirement;
        break;
      case 'max_length':
        if (list) listMax = requirement;
        else maxLength = requirement;
        break;
      case 'parse_boolean':
        boolean = true;
        break;
      case 'array': {
        const element = item['item'];
        list = { of: isNode(element) ? optionsOf(element) : undefined };
        break;
      }
    }
  }

  let allowed: string | undefined;
  if (boolean) {
    allowed = '`true` or `false` (also `yes`/`no`, `on`/`off`, `1`/`0`)';
  } else if (list) {
    const count = listMin === 1 && listMax === undefined ? 'at least one' : range(listMin, listMax);
    allowed = [
      'comma-separated',
      list.of === undefined ? undefined : `any of ${list.of}`,
      count === undefined ? undefined : count === 'at least one' ? count : `${count} items`,
    ]
      .filter((part) => part !== undefined)
      .join(', ');
  } else if (minValue !== undefined || maxValue !== undefined) {
    allowed = `integer ${range(minValue, maxValue) ?? ''}`.trim();
  } else if (minLength !== undefined || maxLength !== undefined) {
    allowed = `${range(minLength, maxLength) ?? ''} characters`;
  }
  return { required, defaultValue, allowed };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultCell(name: ConfigVariable, facts: SchemaFacts, entry: VariableReference): string {
  if (facts.required) return '**required**';
  if (entry.whenUnset !== undefined && (facts.defaultValue === undefined || MACHINE_DEPENDENT_DEFAULTS.has(name))) {
    return entry.whenUnset;
  }
  return facts.defaultValue === undefined ? 'unset' : code(facts.defaultValue);
}

function allowedCell(facts: SchemaFacts, entry: VariableReference): string {
  const parts = [facts.allowed, entry.values].filter((part) => part !== undefined);
  const text = parts.length === 0 ? 'text' : parts.join('; ');
  return entry.unit === undefined ? text : `${text} (${entry.unit})`;
}

function meaningCell(entry: VariableReference): string {
  return entry.secret ? `**Secret.** ${entry.description}` : entry.description;
}

function variables(): readonly ConfigVariable[] {
  // Object.keys loses the key type; the table's keys are exactly the schema's (checked by `satisfies`).
  return Object.keys(ENV_SCHEMA.entries) as ConfigVariable[];
}

function groupTables(): string[] {
  const out: string[] = [];
  for (const group of CONFIG_GROUPS) {
    const names = variables().filter((name) => referenceOf(name).group === group);
    if (names.length === 0) continue;
    out.push(`### ${group}`, '', '| Variable | Default | Allowed values | Meaning |', '| --- | --- | --- | --- |');
    for (const name of names) {
      const entry = referenceOf(name);
      const facts = schemaFacts(name);
      out.push(
        `| \`${name}\` | ${cell(defaultCell(name, facts, entry))} | ${cell(allowedCell(facts, entry))} | ${cell(meaningCell(entry))} |`,
      );
    }
    out.push('');
  }
  return out;
}

function schemaDefault(name: ConfigVariable): string {
  return schemaFacts(name).defaultValue ?? 'unset';
}

function header(): string[] {
  const secrets = variables().filter((name) => isSecretVariable(name));
  return [
    '# Configuration',
    '',
    `<!-- Generated from server/src/config.ts and server/src/config-reference.ts by \`${CONFIGURATION_DOC_COMMAND}\`. Do not edit. -->`,
    '',
    'Every setting of the AirCounter server is an environment variable whose name starts with `AIR_`. This page lists',
    'all of them, grouped by what they control, with their defaults and the values the server accepts.',
    '',
    '## Setting variables',
    '',
    '- The server reads its configuration from the environment only, once, at start-up. Put the variables in the',
    '  service unit (`Environment=`, or `EnvironmentFile=` with a file only the service user can read), the container',
    '  definition or your secret manager; a change takes effect at the next start.',
    '- An empty variable counts as unset, so the default applies. Surrounding spaces are ignored, except in secrets',
    '  (used exactly as given) and around a value chosen from a fixed list (`AIR_LOG_LEVEL=info`, not',
    '  `AIR_LOG_LEVEL= info`).',
    '- Variables starting with `AIR_` that the server does not know are ignored: check the spelling against this page.',
    '- An invalid value stops the start: the server prints `invalid configuration:` followed by one line per problem,',
    '  naming the variable and the rule it broke but never the value (it may be a secret), and exits with code **78**',
    '  (`EX_CONFIG`). Every invalid variable is reported at once; rules that relate two variables (port ranges that',
    '  must not overlap, a TURN secret without TURN URLs, a webhook URL without its secret…) are checked once each',
    '  variable is valid on its own.',
    `- Secrets (${secrets.map(code).join(', ')}) are never printed. Once listening, the server logs one`,
    '  `configuration` line at info level with the effective settings, secrets shown as `[redacted]`.',
    '',
    '## Defaults: one machine, for trying it out',
    '',
    'Only `AIR_TOKEN_SECRET` and `AIR_API_KEY` are required (generate each with `openssl rand -base64 48`). Without',
    `anything else the server listens for HTTP and WebSocket on \`${schemaDefault('AIR_HTTP_HOST')}:${schemaDefault('AIR_HTTP_PORT')}\`, binds media to`,
    `\`${schemaDefault('AIR_LISTEN_IP')}\` on ports ${schemaDefault('AIR_RTC_MIN_PORT')}–${schemaDefault('AIR_RTC_MAX_PORT')}, keeps its state in an embedded PostgreSQL under`,
    `\`${schemaDefault('AIR_DATA_DIR')}\`, generates its evidence signing key there, and sends no webhooks and serves no metrics. That`,
    'is enough for a demonstration on one machine, reached from the same machine.',
    '',
    '## Production notes',
    '',
    '- **Addresses.** Put the HTTP listener behind your TLS reverse proxy. Media does not go through the proxy: set',
    '  `AIR_LISTEN_IP` (or `0.0.0.0` with `AIR_ANNOUNCED_ADDRESS`) to an address clients reach and open the',
    '  `AIR_RTC_MIN_PORT`–`AIR_RTC_MAX_PORT` range for UDP and TCP. Clients behind restrictive networks need TURN',
    '  (`AIR_TURN_URLS`, `AIR_TURN_SECRET`).',
    '- **State.** Keep `AIR_DATA_DIR` and `AIR_EVIDENCE_DIR` on durable storage. More than one node needs a shared',
    '  PostgreSQL server (`AIR_DATABASE_URL`) and a distinct `AIR_NODE_ID` per node.',
    '- **Keys.** Provide the evidence signing key yourself (`AIR_SIGNING_KEY_FILE`) from your key store, and list earlier',
    '  public keys in `AIR_SIGNING_RETIRED_KEY_FILES` when you rotate it.',
    '- **Secrets.** Use distinct, random values for every secret; the server refuses `AIR_TOKEN_SECRET` equal to',
    '  `AIR_API_KEY`, and `AIR_METRICS_TOKEN` equal to `AIR_API_KEY`.',
    '- **Monitoring.** Metrics stay off until `AIR_METRICS_PORT` is set; bind `AIR_METRICS_HOST` to an internal',
    '  interface only.',
    '- **Stopping.** Give the service manager a stop timeout longer than `AIR_SHUTDOWN_TIMEOUT_MS`.',
    '',
    '## Variables',
    '',
    'The default column shows what applies when the variable is unset. Bounds are inclusive.',
    '',
  ];
}

/** The whole of docs/configuration.md. */
export function renderConfigurationDoc(): string {
  return `${[...header(), ...groupTables()].join('\n').trimEnd()}\n`;
}
