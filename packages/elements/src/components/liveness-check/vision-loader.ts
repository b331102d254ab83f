// The optional @aircounter/vision package (tfjs and the face models), loaded
// with a dynamic import when a check starts. It is an optional peer
// dependency of @aircounter/elements: a page with video components only does
// not install it, and nothing here imports it statically. Types only below;
// this module's declarations are not reachable from the package's public
// ones, so a consumer without vision still type-checks.
import { AirError } from '@aircounter/protocol';
import type * as VisionPackage from '@aircounter/vision';
import type { Vision } from '@aircounter/vision';

export type VisionModule = typeof VisionPackage;

export const VISION_PACKAGE = '@aircounter/vision';

/**
 * How the module is imported (`load`) and the page's one loaded `Vision`
 * (`shared`, set by the controller). A test replaces `load` and clears
 * `shared` to stand for a page built without the package.
 */
export const visionImport: { load: () => Promise<VisionModule>; shared: Promise<Vision> | undefined } = {
  load: () => import('@aircounter/vision'),
  shared: undefined,
};

/**
 * Whether an import failed because the package is not there, as each loader
 * says it: the browser ("Failed to resolve module specifier"), Vite's stub
 * for a missing optional peer ("Could not resolve … Is it installed?"),
 * webpack and Node (`MODULE_NOT_FOUND`, "Cannot find module/package").
 */
export function isMissingPackage(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return true;
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(VISION_PACKAGE) && /resolve|cannot find|not found|installed/i.test(message);
}

/** The vision module; `VISION_NOT_INSTALLED` when the page was built without it. */
export async function importVision(): Promise<VisionModule> {
  try {
    return await visionImport.load();
  } catch (error) {
    if (!isMissingPackage(error)) throw error;
    throw new AirError(
      'VISION_NOT_INSTALLED',
      `<air-liveness-check> needs the optional package ${VISION_PACKAGE}: add it to the page's dependencies (npm install ${VISION_PACKAGE})`,
      { cause: error },
    );
  }
}
