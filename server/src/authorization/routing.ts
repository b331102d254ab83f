import type { AuthorizationRoutingStrategy } from '@aircounter/protocol';

export interface RoutingCandidate {
  readonly authorizerId: string;
  readonly level: number;
  /** Pending requests assigned to this authorizer now. */
  readonly pending: number;
}

export interface RoutingInput {
  readonly candidates: readonly RoutingCandidate[];
  /** The least level that may decide. */
  readonly level: number;
  /** How many more authorizers the request needs. */
  readonly count: number;
  /** Never offered: the requester (separation of duties) and whoever already has it or voted. */
  readonly exclude: ReadonlySet<string>;
  readonly strategy: AuthorizationRoutingStrategy;
  /** A number in [0, 1) (Math.random in the server, fixed in tests). */
  readonly random: () => number;
}

/**
 * Picks up to `count` distinct authorizers of the required level or above:
 * `least-loaded` takes those with the fewest pending requests (ties broken at
 * random, so one authorizer is not always first), `random` takes any.
 */
export function pickAuthorizers(input: RoutingInput): string[] {
  const eligible = input.candidates.filter(
    (candidate) => candidate.level >= input.level && !input.exclude.has(candidate.authorizerId),
  );
  const shuffled = shuffle(eligible, input.random);
  const ordered = input.strategy === 'least-loaded' ? [...shuffled].sort((a, b) => a.pending - b.pending) : shuffled;
  return ordered.slice(0, Math.max(0, input.count)).map((candidate) => candidate.authorizerId);
}

/** Fisher–Yates. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const held = copy[index] as T;
    copy[index] = copy[other] as T;
    copy[other] = held;
  }
  return copy;
}
