/**
 * Strict IP address and prefix parsing. Everything that ends up in a BGP command passes through
 * here and is re-formatted from numbers, so no input text ever reaches a command verbatim: a
 * string either parses into (family, value, length) or is refused.
 */

export type Family = 4 | 6;
export interface Ip {
  family: Family;
  value: bigint;
}
export interface Prefix extends Ip {
  length: number;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Dotted quad without leading zeros (which some parsers read as octal). */
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export const bitsOf = (family: Family) => BITS[family];

function parseIpv4(s: string): bigint | null {
  if (!IPV4.test(s)) return null;
  return s.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

function parseGroups(part: string): number[] | null {
  if (part === '') return [];
  const out: number[] = [];
  const pieces = part.split(':');
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (i === pieces.length - 1 && piece.includes('.')) {
      const v4 = parseIpv4(piece);
      if (v4 === null) return null;
      out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (HEX_GROUP.test(piece)) {
      out.push(Number.parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return out;
}

function parseIpv6(s: string): bigint | null {
  if (s.length > 45 || s.includes('%')) return null; // zone ids name local interfaces: never routable
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !tail) return null;
  // An embedded IPv4 tail is only valid at the very end.
  if (halves.length === 2 && halves[0]!.includes('.')) return null;
  const given = head.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const groups = [...head, ...new Array(8 - given).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Parses a literal IPv4 or IPv6 address; null for anything else (names, zone ids, junk). */
export function parseIp(s: unknown): Ip | null {
  if (typeof s !== 'string' || s.length === 0 || s.length > 45) return null;
  const v4 = parseIpv4(s);
  if (v4 !== null) return { family: 4, value: v4 };
  if (!s.includes(':')) return null;
  const v6 = parseIpv6(s);
  return v6 === null ? null : { family: 6, value: v6 };
}

/** Canonical text: dotted quad, or RFC 5952 (lowercase, longest zero run compressed). */
export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => Number((ip.value >> s) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLen).join(':');
  return `${left}::${right}`;
}

const mask = (family: Family, length: number) => {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return length === 0 ? 0n : (all >> (bits - BigInt(length))) << (bits - BigInt(length));
};

/**
 * Parses `address/length`. Host bits must be zero ("192.0.2.1/24" is refused rather than
 * silently widened), so what was written is exactly what is matched.
 */
export function parsePrefix(s: unknown): Prefix | null {
  if (typeof s !== 'string' || s.length > 49) return null;
  const slash = s.indexOf('/');
  if (slash < 0 || slash !== s.lastIndexOf('/')) return null;
  const ip = parseIp(s.slice(0, slash));
  const lengthText = s.slice(slash + 1);
  if (!ip || !/^(?:0|[1-9]\d{0,2})$/.test(lengthText)) return null;
  const length = Number(lengthText);
  if (length > BITS[ip.family]) return null;
  if ((ip.value & ~mask(ip.family, length)) !== 0n) return null;
  return { ...ip, length };
}

export const formatPrefix = (p: Prefix) => `${formatIp(p)}/${p.length}`;

export const hostPrefix = (ip: Ip): Prefix => ({ ...ip, length: BITS[ip.family] });

export function prefixContains(p: Prefix, ip: Ip): boolean {
  return p.family === ip.family && (ip.value & mask(p.family, p.length)) === p.value;
}

/** Canonical form of an address text, or null. */
export const canonicalIp = (s: unknown): string | null => {
  const ip = parseIp(s);
  return ip ? formatIp(ip) : null;
};

/** Canonical form of a prefix text, or null. */
export const canonicalPrefix = (s: unknown): string | null => {
  const p = parsePrefix(s);
  return p ? formatPrefix(p) : null;
};

const prefixes = (list: string[]) => list.map((s) => parsePrefix(s)!);

/** Never a mitigation target: unspecified, loopback, multicast, reserved and broadcast space. */
const NOT_A_HOST = prefixes([
  '0.0.0.0/8',
  '127.0.0.0/8',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  'ff00::/8',
]);

export const isUnicastHost = (ip: Ip) => !NOT_A_HOST.some((p) => prefixContains(p, ip));

/**
 * Space a server must not be steered into reaching (webhooks): private, loopback, link-local,
 * shared, benchmarking, multicast and reserved ranges, and their IPv4-mapped / NAT64 forms.
 */
const INTERNAL = prefixes([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/127',
  '::ffff:0:0/96',
  '64:ff9b::/96',
  '100::/64',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
]);

export const isInternal = (ip: Ip) => INTERNAL.some((p) => prefixContains(p, ip));
