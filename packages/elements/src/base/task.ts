/**
 * Wraps a `Task`'s `onComplete` or `onError` so that it runs once the task's
 * status has changed: `@lit/task` calls them just before, so an event fired
 * from them would reach listeners that still read the old state.
 */
export function afterStatusChange<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
  return (...args) => queueMicrotask(() => callback(...args));
}
