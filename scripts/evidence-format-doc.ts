// Writes the event-type table of docs/evidence-format.md from EVENTS in
// @aircounter/evidence (between its event-types markers). Run after adding or
// changing an event type: `node scripts/evidence-format-doc.ts`. The test
// packages/evidence/src/events/doc-table.test.ts fails while the page differs.
import { readFile, writeFile } from 'node:fs/promises';
import { withEventTable } from '../packages/evidence/src/events/doc-table.ts';

const path = new URL('../docs/evidence-format.md', import.meta.url);
const before = await readFile(path, 'utf8');
const after = withEventTable(before);
if (after === before) {
  console.log('docs/evidence-format.md: event table up to date');
} else {
  await writeFile(path, after);
  console.log('docs/evidence-format.md: event table rewritten');
}
