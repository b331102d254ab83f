// Type-level test of the wrappers (checked by `pnpm run typecheck`): props are
// the elements' properties, `on…` callbacks get the events' detail types.
import type { ComponentProps } from 'react';
import { AirDocumentViewer, AirSession, AirVideoSession } from '../src/index.ts';

declare const client: NonNullable<ComponentProps<typeof AirSession>['client']>;

export const page = (
  <AirSession client={client} sessionId="s-1" onAirSessionJoined={(event) => event.detail.role}>
    <AirVideoSession
      displayName="Ada"
      onAirSessionEnded={(event) => event.detail.reason.toUpperCase()}
      onAirRequestHangUp={(event) => event.preventDefault()}
    />
    {/* @ts-expect-error -- sessionId is a string */}
    <AirVideoSession sessionId={42} />
    {/* @ts-expect-error -- <air-video-session> fires no air-document-read */}
    <AirVideoSession onAirDocumentRead={() => undefined} />
    <AirDocumentViewer page={2} onAirDocumentRead={(event) => event.detail.shortCode} />
  </AirSession>
);
