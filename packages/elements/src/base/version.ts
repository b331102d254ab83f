/**
 * Version of this package, compared by {@link define} when a tag is already
 * registered. Keep in step with package.json (a test checks it).
 */
export const VERSION = '0.1.0';
