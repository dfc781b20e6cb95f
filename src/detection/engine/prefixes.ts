// Longest-prefix match over the address words of a FlowBatch row, without building strings:
// one Map per distinct prefix length, probed from the longest length down. Deployments have a
// handful of lengths (say /32 allow-list entries, /24 customers, /16 networks), so a lookup is a
// few integer-keyed Map reads — cheap enough to run for every record.

import { formatIp, parseIp, V4_MAPPED_WORD2 } from '../../flows/address.ts';

export interface Cidr {
  version: 4 | 6;
  /** Network address as four batch words (IPv4 as ::ffff:a.b.c.d), host bits cleared. */
  words: [number, number, number, number];
  /** Prefix length in the family's own bits (0–32 or 0–128). */
  length: number;
  /** Canonical text: network/length. */
  text: string;
}

/** Parses "a.b.c.d/n" or "x::/n"; host bits are cleared. Null when it is not a prefix. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIp(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lengthText)) return null;
  const length = Number(lengthText);
  const bits = ip.version === 4 ? 32 : 128;
  if (length > bits) return null;
  const words = [...ip.words] as [number, number, number, number];
  if (ip.version === 4) words[3] = (words[3] & v4Mask(length)) >>> 0;
  else for (let w = 0; w < 4; w++) words[w] = (words[w]! & wordMask(length, w)) >>> 0;
  return { version: ip.version, words, length, text: `${formatIp(ip.version, words)}/${length}` };
}

const v4Mask = (length: number) => (length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0);
/** Mask of IPv6 word `w` (0–3) for a prefix of `length` bits. */
const wordMask = (length: number, w: number) => v4Mask(Math.max(0, Math.min(32, length - w * 32)));

interface V4Level {
  mask: number;
  entries: Map<number, number>;
}
interface V6Level {
  length: number;
  masks: [number, number, number, number];
  /** hash of the masked words → candidate entries (verified word by word). */
  entries: Map<number, number[]>;
}

const hash4 = (a: number, b: number, c: number, d: number) =>
  (Math.imul(a, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35) ^ Math.imul(c, 0x27d4eb2f) ^ d) | 0;

/** A set of prefixes, each mapped to an entry number; lookup returns the most specific entry. */
export class PrefixTable {
  readonly cidrs: Cidr[] = [];
  private v4: V4Level[] = [];
  private v6: V6Level[] = [];

  /** Adds a prefix as entry `cidrs.length`; a duplicate prefix keeps its first entry. */
  add(cidr: Cidr): number {
    const existing = this.cidrs.findIndex((c) => c.text === cidr.text);
    if (existing >= 0) return existing;
    const entry = this.cidrs.push(cidr) - 1;
    if (cidr.version === 4) {
      const mask = v4Mask(cidr.length);
      let level = this.v4.find((l) => l.mask === mask);
      if (!level) {
        level = { mask, entries: new Map() };
        this.v4.push(level);
        this.v4.sort((a, b) => b.mask - a.mask); // longer masks are larger unsigned numbers
      }
      level.entries.set(cidr.words[3] | 0, entry);
    } else {
      let level = this.v6.find((l) => l.length === cidr.length);
      if (!level) {
        const masks = [0, 1, 2, 3].map((w) => wordMask(cidr.length, w)) as V6Level['masks'];
        level = { length: cidr.length, masks, entries: new Map() };
        this.v6.push(level);
        this.v6.sort((a, b) => b.length - a.length);
      }
      const [a, b, c, d] = cidr.words;
      const key = hash4(a, b, c, d);
      const list = level.entries.get(key);
      if (list) list.push(entry);
      else level.entries.set(key, [entry]);
    }
    return entry;
  }

  get size(): number {
    return this.cidrs.length;
  }

  /** Most specific entry containing the address at `words[o..o+3]`, or -1. */
  lookup(words: Uint32Array, o: number): number {
    if (words[o] === 0 && words[o + 1] === 0 && words[o + 2] === V4_MAPPED_WORD2) {
      const address = words[o + 3]!;
      const levels = this.v4;
      for (let l = 0; l < levels.length; l++) {
        const level = levels[l]!;
        const entry = level.entries.get((address & level.mask) | 0);
        if (entry !== undefined) return entry;
      }
      return -1;
    }
    for (const level of this.v6) {
      const [ma, mb, mc, md] = level.masks;
      const a = (words[o]! & ma) >>> 0;
      const b = (words[o + 1]! & mb) >>> 0;
      const c = (words[o + 2]! & mc) >>> 0;
      const d = (words[o + 3]! & md) >>> 0;
      const list = level.entries.get(hash4(a, b, c, d));
      if (!list) continue;
      for (const entry of list) {
        const w = this.cidrs[entry]!.words;
        if (w[0] === a && w[1] === b && w[2] === c && w[3] === d) return entry;
      }
    }
    return -1;
  }
}
