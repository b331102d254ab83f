import { createHash } from 'node:crypto';
import { documentSha256For, JOURNEY_LOCALES, parseJourneyDefinition } from '@aircounter/journeys';
import { describe, expect, it } from 'vitest';
import { makeProductTerms } from '../documents/product-terms.ts';
import { DEMO_WEALTH_SALE } from './wealth-sale.ts';

// The demo's script as the server registers it: every step of the package's
// example, and a document step naming the product terms the demo writes.

/** The SHA-256 of version 2 as registered; the server refuses a changed definition under the same version. */
const VERSION_2_SHA256 = '2df31435106263249877f03b27e0dc6a8bf3edab03514352529cc9002c6d3bee';

const definition = parseJourneyDefinition(DEMO_WEALTH_SALE);

describe('the demo wealth-sale script', () => {
  it('has the identity check (optional) and the product terms among its steps', () => {
    expect(definition.version).toBe(2);
    expect(definition.steps.map((step) => `${step.id}${step.mandatory ? '' : '?'}`)).toEqual([
      'consent',
      'introduction',
      'identity?',
      'risk-disclosure',
      'risk-assessment',
      'understood',
      'product-terms',
      'cooling-off?',
      'handwritten-sentence',
    ]);
  });

  // A failure here means the script changed (here or in the package's example): bump its version, then this hash.
  it('is word for word the version it names', () => {
    expect(createHash('sha256').update(JSON.stringify(DEMO_WEALTH_SALE)).digest('hex')).toBe(VERSION_2_SHA256);
  });

  // A failure here means the product terms changed: the script must name the new files in a new version.
  it.each(JOURNEY_LOCALES)(
    'names the product terms in %s by the SHA-256 of the file the demo writes',
    async (locale) => {
      const step = definition.steps.find((candidate) => candidate.kind === 'document');
      if (step?.kind !== 'document') throw new Error('the script has no document step');
      const terms = await makeProductTerms(locale);
      expect(documentSha256For(step, locale)).toBe(createHash('sha256').update(terms.bytes).digest('hex'));
    },
  );
});
