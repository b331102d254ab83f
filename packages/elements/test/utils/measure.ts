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
