/// <reference types="mocha" />
import { render, type TemplateResult } from 'lit';

const containers: HTMLElement[] = [];

/** Renders `template` into a fresh container in the document; removed after each test. */
export async function fixture<T extends Element>(template: TemplateResult, container?: HTMLElement): Promise<T> {
  const host = container ?? document.createElement('div');
  if (!container) {
    document.body.append(host);
    containers.push(host);
  }
  render(template, host);
  const element = host.firstElementChild as T | null;
  if (!element) throw new Error('the template rendered no element');
  await settle(element);
  return element;
}

/** Waits until a Lit element (and its Lit children) finished updating. */
export async function settle(element: Element): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const pending = element as Element & { updateComplete?: Promise<boolean> };
    const done = await (pending.updateComplete ?? Promise.resolve(true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (done) break;
  }
}

/** Resolves when `predicate` holds, polling; fails after `timeoutMs`. */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Collects the events of `name` that reach `target`. */
export function collect<K extends keyof GlobalEventHandlersEventMap>(
  target: EventTarget,
  name: K,
): GlobalEventHandlersEventMap[K][] {
  const seen: GlobalEventHandlersEventMap[K][] = [];
  target.addEventListener(name, (event) => seen.push(event as GlobalEventHandlersEventMap[K]));
  return seen;
}

afterEach(() => {
  for (const container of containers.splice(0)) container.remove();
  document.documentElement.removeAttribute('lang');
});
