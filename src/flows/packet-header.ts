// Parses the packet header bytes that sFlow samples carry (Ethernet / IPv4 / IPv6 and the start of
// TCP, UDP or ICMP) into one batch row. Sampled headers are cut at an arbitrary length (often 128
// bytes), so every layer checks what is actually there and fills only what it could read.

import { type FlowBatch, FRAG_MORE, FRAG_NON_FIRST } from './batch.ts';
import { u16, u32 } from './bytes.ts';

/** sFlow header_protocol values. */
export const HEADER_ETHERNET = 1;
export const HEADER_IPV4 = 11;
export const HEADER_IPV6 = 12;

const MAX_VLAN_TAGS = 4;
const MAX_MPLS_LABELS = 8;
const MAX_IPV6_EXTENSIONS = 8;

/** Returns true when an IP header was found and the row filled from it. */
export function parseSampledHeader(
  b: Uint8Array,
  start: number,
  end: number,
  headerProtocol: number,
  batch: FlowBatch,
  i: number,
): boolean {
  if (headerProtocol === HEADER_ETHERNET) return parseEthernet(b, start, end, batch, i);
  if (headerProtocol === HEADER_IPV4) return parseIpv4(b, start, end, batch, i);
  if (headerProtocol === HEADER_IPV6) return parseIpv6(b, start, end, batch, i);
  return false;
}

export function parseEthernet(
  b: Uint8Array,
  start: number,
  end: number,
  batch: FlowBatch,
  i: number,
): boolean {
  if (end - start < 14) return false;
  let type = u16(b, start + 12);
  let p = start + 14;
  // 802.1Q (0x8100), 802.1ad QinQ (0x88a8) and the pre-standard 0x9100 tags.
  for (let tags = 0; type === 0x8100 || type === 0x88a8 || type === 0x9100; tags++) {
    if (tags === MAX_VLAN_TAGS || end - p < 4) return false;
    type = u16(b, p + 2);
    p += 4;
  }
  if (type === 0x8847 || type === 0x8848) {
    // MPLS: pop labels to the bottom of the stack, then guess the payload from the IP version nibble.
    for (let labels = 0; ; labels++) {
      if (labels === MAX_MPLS_LABELS || end - p < 4) return false;
      const bottom = b[p + 2]! & 1;
      p += 4;
      if (bottom) break;
    }
    if (p >= end) return false;
    const version = b[p]! >>> 4;
    if (version === 4) return parseIpv4(b, p, end, batch, i);
    if (version === 6) return parseIpv6(b, p, end, batch, i);
    return false;
  }
  if (type === 0x0800) return parseIpv4(b, p, end, batch, i);
  if (type === 0x86dd) return parseIpv6(b, p, end, batch, i);
  return false;
}

export function parseIpv4(b: Uint8Array, p: number, end: number, batch: FlowBatch, i: number): boolean {
  if (end - p < 20 || b[p]! >>> 4 !== 4) return false;
  const headerLength = (b[p]! & 15) * 4;
  if (headerLength < 20) return false;
  batch.tos[i] = b[p + 1]!;
  const flagsOffset = u16(b, p + 6);
  const offset = flagsOffset & 0x1fff;
  batch.fragment[i] = (flagsOffset & 0x2000 ? FRAG_MORE : 0) | (offset > 0 ? FRAG_NON_FIRST : 0);
  const protocol = b[p + 9]!;
  batch.protocol[i] = protocol;
  batch.setSrcV4(i, u32(b, p + 12));
  batch.setDstV4(i, u32(b, p + 16));
  // Only the first fragment carries the transport header.
  if (offset === 0) parseTransport(b, p + headerLength, end, protocol, batch, i);
  return true;
}

export function parseIpv6(b: Uint8Array, p: number, end: number, batch: FlowBatch, i: number): boolean {
  if (end - p < 40 || b[p]! >>> 4 !== 6) return false;
  batch.tos[i] = (u16(b, p) >>> 4) & 0xff; // traffic class
  batch.setSrcV6(i, b, p + 8);
  batch.setDstV6(i, b, p + 24);
  let next = b[p + 6]!;
  let q = p + 40;
  let fragmentOffset = 0;
  let more = false;
  let complete = true;
  for (let n = 0; n < MAX_IPV6_EXTENSIONS; n++) {
    if (next === 0 || next === 43 || next === 60 || next === 135 || next === 139 || next === 140) {
      // Hop-by-hop, routing, destination options, mobility, HIP, shim6: length in 8-byte units beyond the first 8.
      if (end - q < 8) {
        complete = false;
        break;
      }
      const length = (b[q + 1]! + 1) * 8;
      next = b[q]!;
      q += length;
    } else if (next === 44) {
      if (end - q < 8) {
        complete = false;
        break;
      }
      const word = u16(b, q + 2);
      fragmentOffset = word >>> 3;
      more = (word & 1) !== 0;
      next = b[q]!;
      q += 8;
    } else if (next === 51) {
      // Authentication header: length in 4-byte units, minus 2.
      if (end - q < 8) {
        complete = false;
        break;
      }
      const length = (b[q + 1]! + 2) * 4;
      next = b[q]!;
      q += length;
    } else {
      break;
    }
  }
  batch.protocol[i] = next;
  batch.fragment[i] = (more ? FRAG_MORE : 0) | (fragmentOffset > 0 ? FRAG_NON_FIRST : 0);
  if (complete && fragmentOffset === 0) parseTransport(b, q, end, next, batch, i);
  return true;
}

function parseTransport(
  b: Uint8Array,
  q: number,
  end: number,
  protocol: number,
  batch: FlowBatch,
  i: number,
): void {
  if (protocol === 6) {
    if (end - q >= 4) {
      batch.srcPort[i] = u16(b, q);
      batch.dstPort[i] = u16(b, q + 2);
    }
    if (end - q >= 14) batch.tcpFlags[i] = b[q + 13]!;
  } else if (protocol === 17 || protocol === 132 || protocol === 136) {
    // UDP, SCTP and UDP-Lite all start with the two ports.
    if (end - q >= 4) {
      batch.srcPort[i] = u16(b, q);
      batch.dstPort[i] = u16(b, q + 2);
    }
  } else if (protocol === 1 || protocol === 58) {
    if (end - q >= 2) batch.icmp[i] = (b[q]! << 8) | b[q + 1]!;
  }
}
