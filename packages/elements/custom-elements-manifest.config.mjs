// Custom Elements Manifest (custom-elements.json) from the components' doc
// comments: @summary, @event, @csspart, @cssproperty, @slot, and the Lit
// `static properties` (attributes and properties), with those the session
// elements inherit from base/session-element.ts. Tag names come from the
// define/ files. Run from this directory: `pnpm run manifest`.
import { readdirSync, readFileSync } from 'node:fs';

/** `define('air-x', AirX)` in src/define/*.ts → { AirX: 'air-x' }. */
function tagsFromDefineFiles() {
  const tags = {};
  for (const file of readdirSync(new URL('./src/define/', import.meta.url))) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(new URL(`./src/define/${file}`, import.meta.url), 'utf8');
    for (const match of text.matchAll(/define\('([a-z0-9-]+)',\s*(\w+)\)/g)) tags[match[2]] = match[1];
  }
  return tags;
}

/** The analyzer finds classes but not our `define()` calls: attach each tag name to its class. */
function tagNamesPlugin() {
  const tags = tagsFromDefineFiles();
  return {
    name: 'aircounter-tag-names',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          const tag = tags[declaration.name];
          if (tag) {
            declaration.tagName = tag;
            declaration.customElement = true;
          }
        }
        module.exports = (module.exports ?? []).filter((e) => e.kind !== 'custom-element-definition');
        for (const declaration of module.declarations ?? []) {
          if (declaration.tagName) {
            module.exports.push({
              kind: 'custom-element-definition',
              name: declaration.tagName,
              declaration: { name: declaration.name, module: module.path },
            });
          }
        }
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.component.ts', 'src/base/session-element.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [tagNamesPlugin()],
};
