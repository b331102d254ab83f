// Type-level test of `@aircounter/elements/vue` (checked by `pnpm run typecheck`):
// the `air-*` tags are global components with the elements' properties and
// events as `on…` handlers (what `@air-session-ended` in a template checks against).
import type { GlobalComponents } from 'vue';
import type {} from '../../src/frameworks/vue.ts';

type Props<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$props'];

export const videoSession: Props<'air-video-session'> = {
  sessionId: 's-1',
  onAirSessionEnded: (event) => event.detail.reason,
  onAirMuteChanged: (event) => event.detail.muted,
};
// @ts-expect-error -- sessionId is a string
export const wrongType: Props<'air-video-session'> = { sessionId: 42 };
export const wrongEvent: Props<'air-session'> = {
  // @ts-expect-error -- the detail of air-session-joined has no shortCode
  onAirSessionJoined: (event) => event.detail.shortCode,
};
