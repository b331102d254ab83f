import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { documentSha256For, JourneyDefinition, parseJourneyDefinition, type StepKind } from './definition.ts';
import { STEP_KINDS } from './step-kinds.ts';
import { journeyDefinitionJsonSchema } from './json-schema.ts';
import { stepText } from './step-text.ts';
import { WEALTH_SALE } from './examples/wealth-sale.ts';

const SCHEMA_FILE = new URL('../journey-definition.schema.json', import.meta.url);

function withStep(patch: Record<string, unknown>, index = 0): unknown {
  return { ...WEALTH_SALE, steps: WEALTH_SALE.steps.map((step, i) => (i === index ? { ...step, ...patch } : step)) };
}

describe('journey definition', () => {
  it('parses the wealth-product sale and applies the defaults', () => {
    const definition = parseJourneyDefinition(WEALTH_SALE);
    expect(definition.steps.map((step) => step.kind)).toEqual([
      'consent',
      'agent-statement',
      'identity',
      'disclosure',
      'questionnaire',
      'question',
      'document',
      'notice',
      'agent-attestation',
    ]);
    const [consent, introduction, identity] = definition.steps;
    expect(consent).toMatchObject({ mandatory: true, actor: 'customer', needsRecording: false, minDurationMs: 0 });
    expect(introduction).toMatchObject({ actor: 'agent', needsRecording: true });
    expect(identity).toMatchObject({ actor: 'customer', needsRecording: true });
    expect(definition.steps[7]).toMatchObject({ mandatory: false, notice: 'cooling-off' });
  });

  it('every step kind appears in the fixture', () => {
    expect(new Set(WEALTH_SALE.steps.map((step) => step.kind))).toEqual(new Set(STEP_KINDS));
  });

  it('lists exactly the kinds the step schemas accept', () => {
    // Checked when the tests are type-checked: a kind listed without its schema, or a schema whose kind is not
    // listed, no longer compiles.
    expectTypeOf<(typeof STEP_KINDS)[number]>().toEqualTypeOf<StepKind>();
    expect(new Set(STEP_KINDS).size).toBe(STEP_KINDS.length);
  });

  it.each([
    ['an unknown kind', withStep({ kind: 'dance' })],
    ['a missing locale', withStep({ title: { en: 'x', 'zh-Hans': 'x' } })],
    ['an empty text', withStep({ text: { en: ' ', 'zh-Hans': 'x', 'zh-Hant': 'x' } })],
    ['an unknown field', withStep({ colour: 'red' })],
    ['a negative minimum duration', withStep({ minDurationMs: -1 })],
    ['an agent-statement acted by the customer', withStep({ actor: 'customer' }, 1)],
    ['a bad step id', withStep({ id: 'Consent Step' })],
    [
      'a question without an accepted answer',
      withStep({ answers: [{ id: 'no', label: WEALTH_SALE.title, accepted: false }] }, 5),
    ],
    ['unordered bands', withStep({ bands: [{ level: 'C2', minScore: 0 }] }, 4)],
    ['a bad document hash', withStep({ documentSha256: 'abc' }, 6)],
    [
      'a document hash missing a locale',
      withStep({ documentSha256: { en: 'a'.repeat(64), 'zh-Hans': 'b'.repeat(64) } }, 6),
    ],
    [
      'a bad document hash of one locale',
      withStep({ documentSha256: { en: 'a'.repeat(64), 'zh-Hans': 'b'.repeat(64), 'zh-Hant': 'C'.repeat(64) } }, 6),
    ],
    ['a bad product risk', withStep({ productRisk: 'R6' }, 4)],
    ['duplicate step ids', { ...WEALTH_SALE, steps: [WEALTH_SALE.steps[0], WEALTH_SALE.steps[0]] }],
    ['no steps', { ...WEALTH_SALE, steps: [] }],
    ['version 0', { ...WEALTH_SALE, version: 0 }],
    ['a fractional version', { ...WEALTH_SALE, version: 1.5 }],
  ])('refuses %s', (_name, input) => {
    expect(v.safeParse(JourneyDefinition, input).success).toBe(false);
  });

  it('a document step names one document for every locale, or one per locale', () => {
    const shared = parseJourneyDefinition(WEALTH_SALE).steps[6];
    if (shared?.kind !== 'document') throw new Error('fixture changed');
    expect(documentSha256For(shared, 'zh-Hant')).toBe(documentSha256For(shared, 'en'));
    const hashes = { en: 'a'.repeat(64), 'zh-Hans': 'b'.repeat(64), 'zh-Hant': 'c'.repeat(64) };
    const localized = parseJourneyDefinition(withStep({ documentSha256: hashes }, 6)).steps[6];
    if (localized?.kind !== 'document') throw new Error('fixture changed');
    expect(documentSha256For(localized, 'zh-Hans')).toBe('b'.repeat(64));
    expect(documentSha256For(localized, 'en')).toBe('a'.repeat(64));
  });

  it('the published JSON Schema is generated from the valibot schema (regenerate: node scripts/journey-schema.ts)', async () => {
    const published: unknown = JSON.parse(await readFile(SCHEMA_FILE, 'utf8'));
    expect(published).toEqual(journeyDefinitionJsonSchema());
    expect(published).toMatchObject({ type: 'object', required: ['id', 'version', 'title', 'steps'] });
  });

  it('the step text joins the title, the text and the answers in the session locale', () => {
    const definition = parseJourneyDefinition(WEALTH_SALE);
    const question = definition.steps[5];
    if (question === undefined) throw new Error('fixture changed');
    expect(stepText(question, 'zh-Hans')).toBe('确认\n您是否已了解本产品的风险？\n是\n否');
    expect(stepText(question, 'en')).toBe('Confirmation\nHave you understood the risks of this product?\nYes\nNo');
    const identity = definition.steps[2];
    if (identity === undefined) throw new Error('fixture changed');
    expect(stepText(identity, 'zh-Hant')).toBe('身份核驗');
  });
});
