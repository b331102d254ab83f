import type { Client, Session } from '@aircounter/client';
import type { JoinLink } from './join-link.ts';

/** Joins the link's session; the page shows `problem` when that fails (the SDK's typed error message). */
export async function joinSession(
  client: Client,
  link: JoinLink,
): Promise<{ session: Session; problem?: undefined } | { session?: undefined; problem: string }> {
  try {
    return { session: await client.join({ sessionId: link.sessionId, displayName: link.displayName }) };
  } catch (error) {
    return { problem: `Could not join: ${error instanceof Error ? error.message : String(error)}` };
  }
}
