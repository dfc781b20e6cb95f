import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Outgoing webhooks must not reach the server's own network (SSRF): loopback, private,
 * link-local, carrier-grade NAT, multicast, reserved and documentation ranges are refused,
 * unless an address is on the explicit allow-list (tests deliver to 127.0.0.1).
 */
const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
  ['100::', 64],
];

const blocked = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, 'ipv6');

export class BlockedAddressError extends Error {}

export interface AddressPolicy {
  /** Addresses or CIDR ranges allowed even though they are private (e.g. '127.0.0.1'). */
  allow?: readonly string[];
}

function allowList(allow: readonly string[] = []) {
  const list = new BlockList();
  for (const entry of allow) {
    const [addr = '', bits] = entry.split('/');
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(addr)) throw new Error(`allow-list entry ${entry} is not an IP address or range`);
    if (bits === undefined) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(bits), family);
  }
  return list;
}

/** Returns a checker: true when the address may be contacted. */
export function addressChecker(policy: AddressPolicy = {}) {
  const allowed = allowList(policy.allow);
  return (address: string): boolean => {
    const family = isIP(address);
    if (!family) return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (allowed.check(address, type)) return true;
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it maps.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return !blocked.check(mapped, 'ipv4') || allowed.check(mapped, 'ipv4');
    return !blocked.check(address, type);
  };
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses when any resolved address is
 * disallowed, so the address checked is the address connected to (no DNS rebinding window).
 */
export function guardedLookup(isAllowed: (address: string) => boolean) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    dnsLookup(hostname, { all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const bad = addresses.find((a) => !isAllowed(a.address));
      if (bad || addresses.length === 0) {
        const e = new BlockedAddressError(
          `${hostname} resolves to ${bad?.address ?? 'nothing'}, which webhooks may not reach`,
        ) as NodeJS.ErrnoException;
        e.code = 'EBLOCKED';
        return callback(e, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
