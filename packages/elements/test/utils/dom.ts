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

/** A short description of a node for a failure report ("<button part=cancel>"). */
function describeNode(node: Node): string {
  if (!(node instanceof Element)) return node.nodeName;
  const part = node.getAttribute('part');
  return `<${node.localName}${node.id ? `#${node.id}` : ''}${part ? ` part="${part}"` : ''}>`;
}

/**
 * The test runner serializes a failed assertion's `actual` and `expected`
 * for its diff; a DOM node (with its document, window and cycles) makes that
 * walk run until the whole browser run times out, hiding the failure. A
 * failure that compared nodes keeps its message and reports the nodes by name.
 */
function makeFailureSerializable(error: unknown): void {
  if (typeof error !== 'object' || error === null) return;
  const failure = error as { actual?: unknown; expected?: unknown; showDiff?: boolean };
  for (const key of ['actual', 'expected'] as const) {
    const value = failure[key];
    failure[key] = Array.isArray(value) ? value.map(serializable) : serializable(value);
  }
}

/** Nodes by name, other class instances (events, streams) as text; plain data stays for the diff. */
function serializable(value: unknown): unknown {
  if (value instanceof Node) return describeNode(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlain(value)) return String(value);
  return value;
}

const isPlain = (value: object): boolean => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

afterEach(function () {
  makeFailureSerializable((this.currentTest as { err?: unknown } | undefined)?.err);
  for (const container of containers.splice(0)) container.remove();
  document.documentElement.removeAttribute('lang');
});
