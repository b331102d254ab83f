// The React package against @aircounter/elements: every registered element has
// a wrapper, and every event an element fires (custom-elements.json, from the
// components' `@event` doc comments) is an `on…` prop of it. The framework
// typings of the elements package use the same table (the types make
// EVENT_PROPS fail to compile when the two disagree), so this covers them too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_PROPS } from '../src/event-props.ts';

const elementsDir = new URL('../../elements/', import.meta.url);
const manifestFile = new URL('custom-elements.json', elementsDir);

interface ManifestElement {
  readonly tagName?: string;
  readonly events?: readonly { readonly name: string }[];
}
interface Manifest {
  readonly modules: readonly { readonly declarations?: readonly ManifestElement[] }[];
}

function manifestElements(): Map<string, string[]> {
  // Written by `pnpm run build` (packages/elements `manifest` script), which `make test` runs first.
  if (!existsSync(manifestFile)) throw new Error('packages/elements/custom-elements.json is missing: build first');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const elements = new Map<string, string[]>();
  for (const declaration of manifest.modules.flatMap((module) => module.declarations ?? [])) {
    if (declaration.tagName) {
      elements.set(declaration.tagName, (declaration.events ?? []).map((event) => event.name).sort());
    }
  }
  return elements;
}

const pascal = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase());

describe('@aircounter/react follows @aircounter/elements', () => {
  it('has a wrapper for every registered element and no other', () => {
    const defined = readdirSync(new URL('src/define/', elementsDir))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(EVENT_PROPS).sort()).toEqual(defined);
    expect([...manifestElements().keys()].sort()).toEqual(defined);
    const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');
    for (const tag of defined) {
      const module = readFileSync(new URL(`../src/components/${tag}.ts`, import.meta.url), 'utf8');
      expect(module).toContain(`import '@aircounter/elements/define/${tag}.js';`);
      const name = pascal(tag);
      const wrapped = new RegExp(
        `export const ${name} = /\\* @__PURE__ \\*/ wrap\\(\\s*'${tag}',\\s*${name}Element,?\\s*\\);`,
      );
      expect(module).toMatch(wrapped);
      expect(index).toContain(`export { ${pascal(tag)} } from './components/${tag}.ts';`);
    }
  });

  it('maps every event each element fires, under its onAirEventName prop', () => {
    for (const [tag, events] of manifestElements()) {
      const props: Record<string, string> = EVENT_PROPS[tag as keyof typeof EVENT_PROPS];
      expect(Object.values(props).sort(), tag).toEqual(events);
      for (const [prop, event] of Object.entries(props)) expect(prop, tag).toBe(`on${pascal(event)}`);
    }
  });

  it('covers every event the elements package declares', () => {
    const declared = readdirSync(new URL('src/events/', elementsDir))
      .filter((file) => file.startsWith('air-') && file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    const fired = new Set(Object.values(EVENT_PROPS).flatMap((props: Record<string, string>) => Object.values(props)));
    expect([...fired].sort()).toEqual(declared);
  });
});
