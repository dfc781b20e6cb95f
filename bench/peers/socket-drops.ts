// Loss measured where it happens: the kernel's per-socket drop counter (the last column of
// /proc/net/udp and /proc/net/udp6), summed over every socket bound to a port — SO_REUSEPORT
// groups have one line per socket. Linux only; elsewhere the figures are null.

import { readFileSync } from 'node:fs';

function lines(): string[] {
  const out: string[] = [];
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    try {
      out.push(...readFileSync(file, 'utf8').split('\n').slice(1));
    } catch {
      // No such table (no IPv6, not Linux).
    }
  }
  return out;
}

/** Sockets bound to `port` and their drops so far; null when the kernel tables are not readable. */
export function socketDrops(port: number): { sockets: number; drops: number } | null {
  const table = lines();
  if (!table.length) return null;
  let sockets = 0;
  let drops = 0;
  for (const line of table) {
    const cols = line.trim().split(/\s+/);
    const local = cols[1];
    if (!local) continue;
    if (Number.parseInt(local.slice(local.indexOf(':') + 1), 16) !== port) continue;
    sockets++;
    drops += Number(cols[cols.length - 1]) || 0;
  }
  return { sockets, drops };
}

/** True once something listens on UDP `port` (a peer has started). */
export const udpBound = (port: number) => (socketDrops(port)?.sockets ?? 0) > 0;
