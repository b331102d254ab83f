// Writes docs/configuration.md from the configuration schema and its reference
// (server/src/config-docs.ts). Run from the repository root after adding or
// changing an AIR_* variable:
//   node --conditions=source server/scripts/configuration-docs.ts
// server/test/config-docs.test.ts fails while the committed page differs.
import { readFile, writeFile } from 'node:fs/promises';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from '../src/config-docs.ts';

const path = new URL(`../../${CONFIGURATION_DOC_PATH}`, import.meta.url);
const before = await readFile(path, 'utf8').catch((error: unknown) => {
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return '';
  throw error;
});
const after = renderConfigurationDoc();
if (after === before) {
  process.stdout.write(`${CONFIGURATION_DOC_PATH}: up to date\n`);
} else {
  await writeFile(path, after);
  process.stdout.write(`${CONFIGURATION_DOC_PATH}: rewritten\n`);
}
