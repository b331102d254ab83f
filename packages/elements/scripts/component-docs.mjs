// Writes docs/components/<tag>.md, the generated reference of each element
// (attributes, properties, events, slots, CSS parts, CSS custom properties),
// from custom-elements.json. Overview and use-case pages are written by hand
// beside them; this one is regenerated on every build, so edit the doc
// comments in src/components/, not the output.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const packageDir = new URL('../', import.meta.url);
const outDir = new URL('../../../docs/components/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', packageDir), 'utf8'));

/** One table cell: inline text, pipes escaped, line breaks joined. */
const cell = (text) =>
  (text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text ? `\`${cell(text)}\`` : '');

function table(headers, rows) {
  if (rows.length === 0) return '_None._\n';
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

function reference(element, modulePath) {
  const attributes = element.attributes ?? [];
  const attributeByField = new Map(attributes.map((a) => [a.fieldName, a.name]));
  // The session properties a session element inherits come first, as on every element that takes a session.
  const properties = (element.members ?? [])
    .filter((m) => m.kind === 'field' && m.privacy !== 'private' && !m.static && !m.name.startsWith('#'))
    .sort((a, b) => Number(Boolean(b.inheritedFrom)) - Number(Boolean(a.inheritedFrom)));
  const out = [];
  out.push(`# \`<${element.tagName}>\` reference`);
  out.push('');
  out.push(`<!-- Generated from ${modulePath} by packages/elements/scripts/component-docs.mjs. Do not edit. -->`);
  out.push('');
  if (element.summary) out.push(`${cell(element.summary)}`, '');
  if (element.description) out.push(element.description.trim(), '');
  out.push('```js', `import '@aircounter/elements/define/${element.tagName}.js';`, '```', '');
  out.push('## Attributes and properties', '');
  out.push(
    table(
      ['Property', 'Attribute', 'Type', 'Default', 'Description'],
      properties.map((p) => [
        code(p.name),
        code(attributeByField.get(p.name) ?? ''),
        code(p.type?.text),
        code(p.default),
        cell(p.description),
      ]),
    ),
  );
  out.push('## Events', '');
  out.push(
    table(
      ['Event', 'Description'],
      (element.events ?? []).map((e) => [code(e.name), cell(e.description)]),
    ),
  );
  out.push('Every event bubbles and crosses shadow roots (`composed`); `air-request-*` events are cancelable.', '');
  out.push('## Slots', '');
  out.push(
    table(
      ['Slot', 'Description'],
      (element.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)]),
    ),
  );
  out.push('## CSS parts', '');
  out.push(
    table(
      ['Part', 'Description'],
      (element.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]),
    ),
  );
  out.push('## CSS custom properties', '');
  out.push(
    table(
      ['Property', 'Description'],
      (element.cssProperties ?? []).map((p) => [code(p.name), cell(p.description)]),
    ),
  );
  return out.join('\n');
}

mkdirSync(outDir, { recursive: true });
const written = [];
for (const module of manifest.modules ?? []) {
  for (const declaration of module.declarations ?? []) {
    if (!declaration.tagName) continue;
    const file = new URL(`${declaration.tagName}.md`, outDir);
    writeFileSync(file, reference(declaration, module.path));
    written.push(declaration.tagName);
  }
}
console.log(`component reference written for: ${written.join(', ')}`);
