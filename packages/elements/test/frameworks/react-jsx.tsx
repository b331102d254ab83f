// Type-level test of `@aircounter/elements/jsx/react` (checked by `pnpm run typecheck`):
// the `air-*` tags in React's JSX take the elements' properties and typed event handlers.
import type {} from '../../src/frameworks/react.ts';
import type { AirIntrinsicElements } from '../../src/frameworks/jsx.ts';

export const page = (
  <air-session data-testid="call" sessionId="s-1">
    <air-video-session
      class="call"
      displayName="Ada"
      noHangUpConfirm
      onair-session-ended={(event) => event.detail.reason.toUpperCase()}
      onair-request-hang-up={(event) => event.preventDefault()}
    />
    {/* @ts-expect-error -- sessionId is a string */}
    <air-video-session sessionId={42} />
    {/* @ts-expect-error -- the detail of air-session-ended has no shortCode */}
    <air-video-session onair-session-ended={(event) => event.detail.shortCode} />
    <air-liveness-check
      onair-liveness-completed={(event) => {
        const passed: boolean = event.detail.passed;
        return passed;
      }}
    />
  </air-session>
);

// The framework-neutral table, for Preact, Solid and others.
export const props: AirIntrinsicElements['air-document-viewer'] = {
  page: 2,
  'onair-document-read': (event) => event.detail.shortCode,
};
// @ts-expect-error -- page is a number
export const wrong: AirIntrinsicElements['air-document-viewer'] = { page: 'two' };
