// Writes packages/journeys/journey-definition.schema.json from the valibot
// schema of @aircounter/journeys. Run after changing the definition format:
// `node scripts/journey-schema.ts`. packages/journeys/src/json-schema.test.ts
// fails while the file differs.
import { readFile, writeFile } from 'node:fs/promises';
import { journeyDefinitionJsonSchema } from '../packages/journeys/src/json-schema.ts';

const path = new URL('../packages/journeys/journey-definition.schema.json', import.meta.url);
const after = `${JSON.stringify(journeyDefinitionJsonSchema(), null, 2)}\n`;
const before = await readFile(path, 'utf8').catch(() => '');
if (after === before) {
  console.log('journey-definition.schema.json: up to date');
} else {
  await writeFile(path, after);
  console.log('journey-definition.schema.json: rewritten');
}
