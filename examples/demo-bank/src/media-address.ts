// Which address the demo's media sockets use when AIR_LISTEN_IP is not set.
// Firefox pairs no ICE candidate with a server's loopback candidates (it gathers
// none of its own, as RFC 8445 asks, and never pairs loopback with non-loopback),
// so with the server's default of 127.0.0.1 a Firefox tab gets no media. The
// demo therefore listens on this machine's own network address, as other SFU
// demos do: the sockets answer only ICE checks with the session's credentials,
// and media is DTLS-SRTP. Without a network it keeps 127.0.0.1 (Chromium only).
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export interface MediaAddressChoice {
  readonly address: string;
  /** Why, in one line for the start-up log. */
  readonly note: string;
}

function isPrivate(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** The first private IPv4 address of this machine, else the first other non-link-local one, else loopback. */
export function chooseDemoMediaAddress(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): MediaAddressChoice {
  const candidates = Object.values(interfaces)
    .flatMap((infos) => infos ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal && !info.address.startsWith('169.254.'))
    .map((info) => info.address);
  const address = candidates.find(isPrivate) ?? candidates[0];
  if (address === undefined) {
    return {
      address: '127.0.0.1',
      note: 'no network address found: media on 127.0.0.1, which Chromium accepts and Firefox does not',
    };
  }
  return {
    address,
    note: `media on ${address} (Firefox cannot use 127.0.0.1); set AIR_LISTEN_IP to choose another`,
  };
}
