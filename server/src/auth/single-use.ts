import { AirError } from '@aircounter/protocol';
import type { JoinTokenRepository } from '../store/join-tokens-repository.ts';
import type { JoinClaims } from './tokens.ts';

/**
 * A join token opens one connection attempt: its `jti` is recorded on first
 * use and a replay (a token copied from a log, a proxy, a browser's memory)
 * is refused with AUTH_TOKEN_REPLAYED. Clients fetch a fresh token for every
 * attempt (`getToken` is called before each one), so reconnection is
 * unaffected. Runs after the signature and expiry checks.
 */
export async function consumeJoinToken(usedTokens: JoinTokenRepository, claims: JoinClaims): Promise<void> {
  const first = await usedTokens.consume(claims);
  if (!first) throw new AirError('AUTH_TOKEN_REPLAYED', 'this token was already used; ask for a fresh one');
}
