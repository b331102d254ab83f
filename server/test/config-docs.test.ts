import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_SCHEMA } from '../src/config.ts';
import {
  CONFIGURATION_DOC_COMMAND,
  CONFIGURATION_DOC_PATH,
  MACHINE_DEPENDENT_DEFAULTS,
  renderConfigurationDoc,
  schemaFacts,
} from '../src/config-docs.ts';
import { referenceOf, type ConfigVariable } from '../src/config-reference.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMES = Object.keys(ENV_SCHEMA.entries) as ConfigVariable[];

/** AIR_* variables of the build and the test suites, not of the server: each with what reads it. */
const NOT_SERVER_SETTINGS: Readonly<Record<string, string>> = {
  AIR_TEST_LOG_LEVEL: 'configForTests(): log level of the servers the test suites start',
  AIR_MEDIASOUP_UPSTREAM: 'server/mediasoup-worker/build-mediasoup-worker.sh: use the upstream installer',
  AIR_CHROMIUM: 'Makefile and browser test runners: the Chromium binary',
  AIR_BENCH_RECORDING_STEPS: 'bench/recording.ts: the ramp of concurrently recorded sessions',
  AIR_BENCH_PACKAGES: 'bench/auditor-list.ts: how many evidence packages the auditor list is measured over',
  AIR_BENCH_LIVENESS_WORKERS: 'bench/signaling-under-liveness.ts: the vision threads of the measured server',
};

async function filesUnder(dir: string, extension: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** `AIR_X` must be a variable; `AIR_RTC_*` or `AIR_RTC_` (a family) must prefix at least one. */
function isKnown(mention: string): boolean {
  const name = mention.replace(/\*$/, '');
  if (name.endsWith('_')) return NAMES.some((known) => known.startsWith(name));
  return (NAMES as readonly string[]).includes(name);
}

describe(CONFIGURATION_DOC_PATH, () => {
  it(`is generated from the schema and its reference (regenerate: ${CONFIGURATION_DOC_COMMAND})`, async () => {
    const committed = await readFile(join(ROOT, CONFIGURATION_DOC_PATH), 'utf8');
    expect(
      committed === renderConfigurationDoc(),
      `${CONFIGURATION_DOC_PATH} differs from the schema; regenerate it with: ${CONFIGURATION_DOC_COMMAND}`,
    ).toBe(true);
  });

  it('lists every variable once, with its default read from the schema', () => {
    const page = renderConfigurationDoc();
    for (const name of NAMES) expect(page.split(`| \`${name}\` |`)).toHaveLength(2);
    expect(page).toContain('| `AIR_HTTP_PORT` | `8080` | integer 0–65535 |');
    expect(page).toContain('| `AIR_LOG_LEVEL` | `info` | one of `debug`, `info`, `warn`, `error`, `silent` |');
    expect(page).toContain('| `AIR_TOKEN_SECRET` | **required** |');
  });

  it('reads bounds, picklists, booleans and lists from the schema pipe', () => {
    expect(schemaFacts('AIR_HEARTBEAT_MAX_MISSED')).toEqual({
      required: false,
      defaultValue: '2',
      allowed: 'integer 1–10',
    });
    expect(schemaFacts('AIR_ENABLE_UDP').allowed).toMatch(/^`true` or `false`/);
    expect(schemaFacts('AIR_VIDEO_CODECS')).toMatchObject({
      defaultValue: 'VP8,H264',
      allowed: 'comma-separated, any of `VP8`, `H264`, at least one',
    });
    expect(schemaFacts('AIR_TURN_URLS')).toMatchObject({
      defaultValue: undefined,
      allowed: 'comma-separated, 1–8 items',
    });
    expect(schemaFacts('AIR_API_KEY')).toMatchObject({ required: true, allowed: undefined });
  });

  it('shows a computed default only where the schema has no fixed one (the page must not depend on the machine)', () => {
    for (const name of NAMES) {
      const entry = referenceOf(name);
      if (entry.whenUnset === undefined || MACHINE_DEPENDENT_DEFAULTS.has(name)) continue;
      expect(schemaFacts(name).defaultValue, name).toBeUndefined();
    }
    expect(renderConfigurationDoc()).toContain("| `AIR_NODE_ID` | the machine's host name |");
  });

  it('marks every credential as a secret', () => {
    const looksSecret = /(SECRET|_KEY|_TOKEN|PASSWORD)$|^AIR_DATABASE_URL$/;
    for (const name of NAMES) {
      const entry = referenceOf(name);
      expect(entry.secret === true, name).toBe(looksSecret.test(name));
    }
  });
});

describe('AIR_* variables named outside the schema', () => {
  it('every variable the documentation names exists in the schema', async () => {
    const files = [...(await filesUnder('docs', '.md')), 'README.md', 'server/README.md'];
    const unknown: string[] = [];
    for (const file of files) {
      const text = await readFile(join(ROOT, file), 'utf8');
      for (const [mention] of text.matchAll(/\bAIR_[A-Z0-9_]+\*?/g)) {
        if (!isKnown(mention) && !(mention in NOT_SERVER_SETTINGS)) unknown.push(`${file}: ${mention}`);
      }
    }
    expect(unknown, 'documentation names variables the server does not read').toEqual([]);
  });

  it('every AIR_* variable read from process.env in server/src exists in the schema', async () => {
    const unknown: string[] = [];
    for (const file of await filesUnder('server/src', '.ts')) {
      const text = await readFile(join(ROOT, file), 'utf8');
      for (const match of text.matchAll(/process\.env(?:\[\s*['"`](AIR_\w+)['"`]\s*\]|\.(AIR_\w+))/g)) {
        const name = match[1] ?? match[2] ?? '';
        if (!isKnown(name) && !(name in NOT_SERVER_SETTINGS)) unknown.push(`${file}: ${name}`);
      }
    }
    expect(unknown, 'server code reads variables the schema does not check').toEqual([]);
  });

  it('catches an unknown name and accepts a family prefix', () => {
    expect(isKnown('AIR_HTTP_PORT')).toBe(true);
    expect(isKnown('AIR_RTC_*')).toBe(true);
    expect(isKnown('AIR_HTTP_PORTS')).toBe(false);
    expect(isKnown('AIR_NOPE_*')).toBe(false);
  });
});
