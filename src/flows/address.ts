// IP addresses as four big-endian 32-bit words, the layout FlowBatch stores. IPv4 uses the
// IPv4-mapped IPv6 form (::ffff:a.b.c.d) so that one 128-bit comparison or hash works for both
// families; the batch's ipVersion column says which one a record really is. These helpers are for
// tests, encoders and presentation — the decoders never build strings.

export type IpWords = readonly [number, number, number, number];

export const V4_MAPPED_WORD2 = 0x0000ffff;

/** Parses dotted IPv4 into an unsigned 32-bit number, or -1 when it is not a valid address. */
export function parseIpv4(text: string): number {
  const parts = text.split('.');
  if (parts.length !== 4) return -1;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return -1;
    const octet = Number(part);
    if (octet > 255) return -1;
    value = value * 256 + octet;
  }
  return value;
}

/** Parses an IPv6 address (with :: compression and an optional dotted IPv4 tail) into 8 groups. */
function parseIpv6Groups(input: string): number[] | null {
  let text = input;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // Rewrite a dotted tail ("::ffff:192.0.2.1") as two hex groups so one parser handles both forms.
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 < 0) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseHalf = (half: string): number[] | null => {
    if (half === '') return [];
    const groups: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const head = parseHalf(halves[0] ?? '');
  const rest = halves.length === 2 ? parseHalf(halves[1] ?? '') : [];
  if (!head || !rest) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 1 && explicit !== 8) return null;
  if (halves.length === 2 && explicit > 7) return null;
  const zeros = new Array<number>(8 - explicit).fill(0);
  return [...head, ...zeros, ...rest];
}

/** Parses an IPv4 or IPv6 address into batch words; null when the text is not an address. */
export function parseIp(text: string): { version: 4 | 6; words: IpWords } | null {
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    return v4 < 0 ? null : { version: 4, words: [0, 0, V4_MAPPED_WORD2, v4] };
  }
  const g = parseIpv6Groups(text);
  if (!g) return null;
  const w = (i: number): number => (((g[i] ?? 0) << 16) | (g[i + 1] ?? 0)) >>> 0;
  return { version: 6, words: [w(0), w(2), w(4), w(6)] };
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Formats IPv6 words in RFC 5952 canonical form (longest zero run compressed, lower case). */
export function formatIpv6(words: IpWords): string {
  const groups: number[] = [];
  for (const word of words) groups.push(word >>> 16, word & 0xffff);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]): string => list.map((n) => n.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

export function formatIp(version: number, words: IpWords): string {
  return version === 4 ? formatIpv4(words[3]) : formatIpv6(words);
}
