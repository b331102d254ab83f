import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { chooseDemoMediaAddress } from './media-address.ts';

function ipv4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null };
}

describe('the demo media address', () => {
  it('prefers a private LAN address over loopback and other addresses', () => {
    const choice = chooseDemoMediaAddress({
      lo: [ipv4('127.0.0.1', true)],
      eth0: [ipv4('203.0.113.7')],
      wlan0: [ipv4('192.168.1.23')],
    });
    expect(choice.address).toBe('192.168.1.23');
    expect(choice.note).toContain('AIR_LISTEN_IP');
  });

  it('takes another non-link-local address when there is no private one', () => {
    expect(chooseDemoMediaAddress({ eth0: [ipv4('169.254.3.4'), ipv4('192.0.2.2')] }).address).toBe('192.0.2.2');
  });

  it('keeps loopback without a network, and says Firefox will not connect', () => {
    const choice = chooseDemoMediaAddress({ lo: [ipv4('127.0.0.1', true)] });
    expect(choice.address).toBe('127.0.0.1');
    expect(choice.note).toMatch(/Firefox does not/);
  });
});
