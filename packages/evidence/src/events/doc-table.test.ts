import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeData, withEventTable } from './doc-table.ts';
import { EVENTS } from './table.ts';

const DOC = new URL('../../../../docs/evidence-format.md', import.meta.url);

describe('docs/evidence-format.md', () => {
  it('lists exactly the event types of EVENTS (regenerate: node scripts/evidence-format-doc.ts)', async () => {
    const document = await readFile(DOC, 'utf8');
    expect(document).toBe(withEventTable(document));
  });

  it('describes data from the schema: optional members, nested objects, lists', () => {
    expect(describeData(EVENTS['session.opened'])).toBe('{ sessionId, agentId?, reference? }');
    expect(describeData(EVENTS['recording.finalized'])).toMatch(/segments: \[\{ file, peerId, source, startMs/);
    expect(describeData(EVENTS['liveness.decided'])).toMatch(
      /^\{ peerId, decision: \{ nonce, sessionId, peerId, challenges, passed, liveness: \{…\}, faceMatch\?: \{…\}/,
    );
  });
});
