/** A custom element class that may carry the version of the package that defined it. */
export type VersionedElement = CustomElementConstructor & { readonly version?: string };

/**
 * Registers `tag` unless it already is. Two bank applications on one page may
 * embed different copies of these elements: the first registration wins and
 * a different version is reported with a warning instead of the
 * `NotSupportedError` that `customElements.define` would throw.
 */
export function define(tag: string, ctor: VersionedElement): void {
  const existing = customElements.get(tag) as VersionedElement | undefined;
  if (!existing) {
    customElements.define(tag, ctor);
    return;
  }
  if (existing === ctor || existing.version === ctor.version) return;
  console.warn(
    `<${tag}> is already defined by version ${existing.version ?? 'unknown'} of @aircounter/elements; ` +
      `version ${ctor.version ?? 'unknown'} is not registered. Load one copy of the package.`,
  );
}
