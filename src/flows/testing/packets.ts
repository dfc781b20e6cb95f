// Builds real packets (Ethernet, 802.1Q/QinQ, MPLS, IPv4/IPv6 with fragments and extension
// headers, TCP/UDP/ICMP) for sFlow raw-header samples and for pcap files that real exporters read.

import { ByteWriter, isIpv6 } from './writer.ts';

export interface PacketSpec {
  src: string;
  dst: string;
  protocol: number;
  srcPort?: number;
  dstPort?: number;
  tcpFlags?: number;
  tos?: number;
  ttl?: number;
  icmpType?: number;
  icmpCode?: number;
  /** Bytes after the transport header. */
  payloadLength?: number;
  /** 802.1Q VLAN ids, outermost first; with qinq the outer tag uses 0x88a8. */
  vlans?: readonly number[];
  qinq?: boolean;
  /** MPLS labels, outermost first. */
  mpls?: readonly number[];
  ident?: number;
  /** Fragment offset in 8-byte units; > 0 means no transport header in this packet. */
  fragmentOffset?: number;
  moreFragments?: boolean;
  /** IPv6 extension headers to insert (0 hop-by-hop, 43 routing, 60 destination options). */
  ipv6Extensions?: readonly number[];
}

function transport(spec: PacketSpec): Uint8Array {
  const w = new ByteWriter();
  if (spec.protocol === 6) {
    w.u16(spec.srcPort ?? 0)
      .u16(spec.dstPort ?? 0)
      .u32(1)
      .u32(0);
    w.u8(0x50)
      .u8(spec.tcpFlags ?? 0x02)
      .u16(65535)
      .u16(0)
      .u16(0);
  } else if (spec.protocol === 17) {
    w.u16(spec.srcPort ?? 0)
      .u16(spec.dstPort ?? 0)
      .u16(8 + (spec.payloadLength ?? 0))
      .u16(0);
  } else if (spec.protocol === 1 || spec.protocol === 58) {
    w.u8(spec.icmpType ?? 8)
      .u8(spec.icmpCode ?? 0)
      .u16(0)
      .u32(0);
  }
  return w.zeros(spec.payloadLength ?? 0).finish();
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The IP packet (IPv4 or IPv6 by the source address's family). */
export function buildIpPacket(spec: PacketSpec): Uint8Array {
  const fragmented = (spec.fragmentOffset ?? 0) > 0;
  const l4 = fragmented ? new Uint8Array(spec.payloadLength ?? 0) : transport(spec);
  if (!isIpv6(spec.src)) {
    const w = new ByteWriter()
      .u8(0x45)
      .u8(spec.tos ?? 0)
      .u16(20 + l4.length)
      .u16(spec.ident ?? 1);
    w.u16((spec.moreFragments ? 0x2000 : 0) | ((spec.fragmentOffset ?? 0) & 0x1fff));
    w.u8(spec.ttl ?? 64)
      .u8(spec.protocol)
      .u16(0)
      .ip(spec.src)
      .ip(spec.dst);
    const header = w.finish();
    const sum = checksum(header);
    header[10] = sum >>> 8;
    header[11] = sum & 0xff;
    return new ByteWriter().bytes(header).bytes(l4).finish();
  }
  // IPv6: chain the extension headers, then a fragment header when fragmenting.
  const chain = [...(spec.ipv6Extensions ?? [])];
  if (fragmented || spec.moreFragments) chain.push(44);
  const ext = new ByteWriter();
  chain.forEach((type, n) => {
    const next = chain[n + 1] ?? spec.protocol;
    if (type === 44) {
      ext
        .u8(next)
        .u8(0)
        .u16(((spec.fragmentOffset ?? 0) << 3) | (spec.moreFragments ? 1 : 0))
        .u32(spec.ident ?? 1);
    } else {
      ext.u8(next).u8(0).zeros(6); // 8 bytes: next header, length 0 (= 8 bytes), PadN options
    }
  });
  const extBytes = ext.finish();
  const w = new ByteWriter().u32((6 << 28) | ((spec.tos ?? 0) << 20));
  w.u16(extBytes.length + l4.length)
    .u8(chain[0] ?? spec.protocol)
    .u8(spec.ttl ?? 64);
  return w.ip(spec.src).ip(spec.dst).bytes(extBytes).bytes(l4).finish();
}

/** An Ethernet frame around buildIpPacket, with VLAN tags or MPLS labels when asked. */
export function buildFrame(spec: PacketSpec): Uint8Array {
  const w = new ByteWriter().bytes(Uint8Array.of(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1));
  const vlans = spec.vlans ?? [];
  vlans.forEach((vlan, n) => {
    w.u16(n === 0 && spec.qinq ? 0x88a8 : 0x8100).u16(vlan & 0xfff);
  });
  const ip = buildIpPacket(spec);
  const labels = spec.mpls ?? [];
  if (labels.length > 0) {
    w.u16(0x8847);
    labels.forEach((label, n) => {
      w.u32(((label & 0xfffff) << 12) | (n === labels.length - 1 ? 0x100 : 0) | 64);
    });
  } else {
    w.u16(isIpv6(spec.src) ? 0x86dd : 0x0800);
  }
  return w.bytes(ip).finish();
}

export interface PcapPacket {
  timeMs: number;
  frame: Uint8Array;
}

/** A classic little-endian pcap file with Ethernet link type. */
export function encodePcap(packets: readonly PcapPacket[]): Uint8Array {
  let total = 24;
  for (const p of packets) total += 16 + p.frame.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, 65535, true);
  view.setUint32(20, 1, true);
  let off = 24;
  for (const p of packets) {
    view.setUint32(off, Math.floor(p.timeMs / 1000), true);
    view.setUint32(off + 4, (p.timeMs % 1000) * 1000, true);
    view.setUint32(off + 8, p.frame.length, true);
    view.setUint32(off + 12, p.frame.length, true);
    out.set(p.frame, off + 16);
    off += 16 + p.frame.length;
  }
  return out;
}
