import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Whether process `pid` is the one bound to UDP `port` (IPv4), read from
 * Linux's /proc: the socket inodes of /proc/net/udp for that local port,
 * against the sockets among the process's file descriptors.
 *
 * Why: "the port is taken" alone does not prove that *our* ffmpeg took it —
 * another process may hold it, and our ffmpeg then fails to bind; sending
 * media at that port would feed someone else's recording. `undefined` where
 * /proc is not available (other systems): callers fall back to a weaker check.
 */
export async function udpPortOwnedBy(pid: number, port: number): Promise<boolean | undefined> {
  let table: string;
  try {
    table = await readFile('/proc/net/udp', 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const columns = line.trim().split(/\s+/);
    const local = columns[1];
    const inode = columns[9];
    if (local?.endsWith(`:${portHex}`) && inode !== undefined) inodes.add(inode);
  }
  if (inodes.size === 0) return false;
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch (error: unknown) {
    // The process is gone (or not ours to inspect): it does not own the port.
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EACCES')) return false;
    throw error;
  }
  for (const fd of fds) {
    let target: string;
    try {
      target = await readlink(join(`/proc/${pid}/fd`, fd));
    } catch (error: unknown) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') continue;
      throw error;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode !== undefined && inodes.has(inode)) return true;
  }
  return false;
}
