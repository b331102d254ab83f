import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// A network outage for one test: the server's media address (the test
// network's, tests/support/test-network.ts) is taken off its link, so no media
// reaches it or leaves it, and is put back. A link merely set down would not
// do: traffic between two local addresses never uses the link. Sockets bound
// to the address stay open and work again once it is back. While it is gone a
// blackhole route drops what is sent to it, so nothing leaves this machine.
// Needs root (CAP_NET_ADMIN) and iproute2, like the test network itself.

const run = promisify(execFile);

async function ip(...args: string[]): Promise<string> {
  return (await run('ip', args)).stdout;
}

/** The interface that holds `address`, and the address with its prefix length (`198.18.0.1/30`). */
async function holderOf(address: string): Promise<{ readonly device: string; readonly cidr: string }> {
  // "7: airv123    inet 198.18.0.1/30 scope global airv123 ..."
  const fields = (await ip('-o', '-4', 'addr', 'show', 'to', `${address}/32`)).trim().split(/\s+/);
  const device = fields[1];
  const cidr = fields[3];
  if (device === undefined || cidr === undefined || fields[2] !== 'inet')
    throw new Error(`no interface holds ${address}`);
  return { device, cidr };
}

export interface AddressOutage {
  /** Puts the address back. Idempotent. */
  restore(): Promise<void>;
}

/** Takes `address` away until `restore()` is called. */
export async function cutAddress(address: string): Promise<AddressOutage> {
  const { device, cidr } = await holderOf(address);
  await ip('addr', 'del', cidr, 'dev', device);
  await ip('route', 'add', 'blackhole', `${address}/32`);
  let restored = false;
  return {
    async restore() {
      if (restored) return;
      restored = true;
      await ip('route', 'del', 'blackhole', `${address}/32`);
      await ip('addr', 'add', cidr, 'dev', device);
    },
  };
}
