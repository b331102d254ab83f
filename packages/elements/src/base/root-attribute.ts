/**
 * Page-wide switches set as attributes on the document's root element (the
 * elderly mode, the colour scheme) are followed by every connected `air-*`
 * element: one MutationObserver per attribute serves all of them, as for
 * `lang`, and it goes away with the last element.
 */
export interface RootAttributeFollower {
  /** Applies the attribute's current value to the element. */
  follow(): void;
}

const watches = new Map<string, { followers: Set<RootAttributeFollower>; observer: MutationObserver }>();

/** Calls `follower.follow()` whenever `attribute` changes on the root element, until {@link unwatchRootAttribute}. */
export function watchRootAttribute(attribute: string, follower: RootAttributeFollower): void {
  const existing = watches.get(attribute);
  if (existing) {
    existing.followers.add(follower);
    return;
  }
  const followers = new Set([follower]);
  const observer = new MutationObserver(() => {
    for (const each of followers) each.follow();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: [attribute] });
  watches.set(attribute, { followers, observer });
}

export function unwatchRootAttribute(attribute: string, follower: RootAttributeFollower): void {
  const watch = watches.get(attribute);
  if (!watch) return;
  watch.followers.delete(follower);
  if (watch.followers.size > 0) return;
  watch.observer.disconnect();
  watches.delete(attribute);
}
