// Measurements axe cannot make: target and text sizes as rendered.

/** The smaller side of every element matched by `selector` in `root` (fails when none matches). */
export function smallestTarget(root: ParentNode, selector: string): number {
  const targets = [...root.querySelectorAll<HTMLElement>(selector)].filter((target) => target.offsetParent !== null);
  if (targets.length === 0) throw new Error(`nothing visible matches ${selector}`);
  return Math.min(
    ...targets.map((target) => Math.min(target.getBoundingClientRect().width, target.getBoundingClientRect().height)),
  );
}

/** The computed font size of `element`, px. */
export function fontSize(element: Element): number {
  return Number.parseFloat(getComputedStyle(element).fontSize);
}

/** How far anything inside `host` (its shadow tree included) reaches past the right edge of `container`, px. */
export function overflowRight(container: HTMLElement, host: HTMLElement): number {
  const right = container.getBoundingClientRect().right;
  const boxes = [host, ...(host.shadowRoot?.querySelectorAll<HTMLElement>('*') ?? [])]
    .filter((element) => element.getClientRects().length > 0)
    .map((element) => element.getBoundingClientRect().right);
  return Math.max(0, ...boxes.map((edge) => edge - right));
}
