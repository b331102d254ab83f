import { toJsonSchema } from '@valibot/to-json-schema';
import { JourneyDefinition } from './definition.ts';

/**
 * The published JSON Schema of a journey definition, generated from the
 * valibot schema (`journey-definition.schema.json` beside package.json;
 * regenerate with `node scripts/journey-schema.ts`). Checks a schema cannot
 * express (unique ids, ordered risk bands) are enforced by the server when a
 * definition is registered. Defaults are listed as the input may omit them.
 */
export function journeyDefinitionJsonSchema(): Record<string, unknown> {
  const schema = toJsonSchema(JourneyDefinition, { typeMode: 'input', errorMode: 'ignore' });
  return {
    ...schema,
    $id: 'https://aircounter.dev/schemas/journey-definition.schema.json',
    title: 'AirCounter journey definition',
  };
}
