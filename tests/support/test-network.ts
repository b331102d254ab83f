// A network address that exists only on this machine, for the duration of a
// test: Firefox pairs no ICE candidate with a server's loopback (127.0.0.1)
// candidates, so a server under test that Firefox must reach listens on an
// address of a veth pair whose far end sits in a network namespace the test
// creates. Addresses come from the RFC 2544 benchmarking range (198.18.0.0/15),
// which is never routed on the internet. Needs root (CAP_NET_ADMIN) and iproute2.
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A locally administered unicast address no interface of the test has: frames sent to it are discarded. */
const UNREACHABLE_MAC = '02:00:5e:00:53:01';

export interface TestNetwork {
  /** The address on this machine's side of the veth pair: give it to the server as its listen address. */
  readonly hostAddress: string;
  /** The namespace at the far end: a process started in it (`ip netns exec`) reaches the host only over the veth. */
  readonly namespace: string;
  /**
   * Drops every packet the namespace sends to the host (its media, its
   * signalling) until `restore()`, without touching any link: the far end's
   * neighbour entry for the host points at an address nobody has, so frames
   * leave the veth and the host discards them. Links and addresses stay up,
   * so a browser in the namespace sees no network change — only silence, as
   * on a frozen network. Resolves once the entry is in place.
   */
  block(): Promise<void>;
  /** Ends `block()`: the neighbour entry points at the host again. */
  restore(): Promise<void>;
  /** Removes the namespace and the veth pair. Idempotent. */
  close(): Promise<void>;
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

/**
 * Creates a namespace `airtN`, a veth pair `airvN` (here) / `airpN` (in the
 * namespace) and a random /30 of 198.18.0.0/15 on it; both ends up. A random N
 * keeps parallel runs apart; a failed set-up removes what it created.
 */
export async function createTestNetwork(): Promise<TestNetwork> {
  const id = randomInt(1, 1_000_000);
  const namespace = `airt${id}`;
  const hostSide = `airv${id}`;
  const farSide = `airp${id}`;
  // A /30 inside 198.18.0.0/15: host .1, far end .2 of that block.
  const block = randomInt(0, 2 ** 15) * 4;
  const octets = (offset: number): string => {
    const value = (198 << 24) + (18 << 16) + block + offset;
    return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
  };
  const hostAddress = octets(1);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // Deleting one end of a veth deletes both; the namespace goes last.
    await ip('link', 'del', hostSide).catch(() => undefined);
    await ip('netns', 'del', namespace).catch(() => undefined);
  };
  try {
    await ip('netns', 'add', namespace);
    await ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', farSide);
    await ip('link', 'set', farSide, 'netns', namespace);
    await ip('addr', 'add', `${hostAddress}/30`, 'dev', hostSide);
    await ip('-n', namespace, 'addr', 'add', `${octets(2)}/30`, 'dev', farSide);
    await ip('-n', namespace, 'link', 'set', farSide, 'up');
    await ip('link', 'set', hostSide, 'up');
  } catch (error: unknown) {
    await close();
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot create a test network (needs root or CAP_NET_ADMIN and iproute2; Firefox cannot use 127.0.0.1): ${detail}`,
      { cause: error },
    );
  }
  // A permanent entry from the start: block and restore then only swap the address it points at.
  const hostMac = (await readFile(`/sys/class/net/${hostSide}/address`, 'utf8')).trim();
  const neighbour = (mac: string): Promise<void> =>
    ip('-n', namespace, 'neigh', 'replace', hostAddress, 'lladdr', mac, 'dev', farSide, 'nud', 'permanent');
  try {
    await neighbour(hostMac);
  } catch (error: unknown) {
    await close();
    throw error;
  }
  return {
    hostAddress,
    namespace,
    block: () => neighbour(UNREACHABLE_MAC),
    restore: () => neighbour(hostMac),
    close,
  };
}
