// Accessibility checks with axe-core. axe ships as a UMD script, which the
// dev server serves as-is, so it is loaded as a classic script that sets
// `window.axe`.
import type { AxeResults, ElementContext, RunOptions } from 'axe-core';

declare global {
  interface Window {
    axe?: { run(context: ElementContext, options: RunOptions): Promise<AxeResults> };
  }
}

const AXE_URL = new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).href;
let loading: Promise<void> | undefined;

function loadAxe(): Promise<void> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = AXE_URL;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`cannot load ${AXE_URL}`));
    document.head.append(script);
  });
  return loading;
}

/** Fails with the list of WCAG 2.x A/AA violations inside `element` (shadow DOM included). */
export async function expectAccessible(element: Element, what = element.localName): Promise<void> {
  await loadAxe();
  const axe = window.axe;
  if (!axe) throw new Error('axe-core did not load');
  const results = await axe.run(element, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  });
  const problems = results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  if (problems.length > 0) throw new Error(`${what} has accessibility violations:\n${problems.join('\n')}`);
}
