// FlowBatch: the hot-path representation of decoded flow records. One typed array per field
// (struct of arrays) instead of one object per record: decoding a datagram writes numbers into
// preallocated memory, so a flood of hundreds of thousands of records per second creates no garbage
// for the collector to chase, and detection can scan one column (say dstAddr + bytes) with good
// cache locality. A batch is reused: the collector decodes into it, hands it to detection, then
// calls reset().

import { formatIp, type IpWords, V4_MAPPED_WORD2 } from './address.ts';

/** fragment column bits. A record is an IP fragment when the column is non-zero. */
export const FRAG_MORE = 1; // MF flag set (first or middle fragment)
export const FRAG_NON_FIRST = 2; // fragment offset > 0 (no L4 header: ports are unknown)

const INITIAL_CAPACITY = 256;

export class FlowBatch {
  /** Number of valid rows; rows at index >= length hold stale data. */
  length = 0;
  capacity = 0;
  /** 4 or 6. Addresses are 4 words per row; IPv4 rows use ::ffff:a.b.c.d (word 3 = the address). */
  ipVersion = new Uint8Array(0);
  srcAddr = new Uint32Array(0);
  dstAddr = new Uint32Array(0);
  srcPort = new Uint16Array(0);
  dstPort = new Uint16Array(0);
  protocol = new Uint8Array(0);
  /** TCP flags (low 8 bits: FIN SYN RST PSH ACK URG ECE CWR), OR-ed over the flow. */
  tcpFlags = new Uint8Array(0);
  tos = new Uint8Array(0);
  /** ICMP/ICMPv6 type << 8 | code; ports are 0 for ICMP rows (NetFlow's "type in dst port" is undone). */
  icmp = new Uint16Array(0);
  /** FRAG_MORE | FRAG_NON_FIRST bits, 0 when not a fragment or unknown. */
  fragment = new Uint8Array(0);
  /** Packets and bytes already multiplied by samplingRate: estimates of the real traffic. */
  packets = new Float64Array(0);
  bytes = new Float64Array(0);
  /** 1 when unsampled; the 1-in-N factor applied to packets and bytes (fractional for n-in-N sampling). */
  samplingRate = new Float64Array(0);
  /** Epoch milliseconds; 0 when the protocol gave no usable time (then use arrival time). */
  startMs = new Float64Array(0);
  endMs = new Float64Array(0);
  srcAs = new Uint32Array(0);
  dstAs = new Uint32Array(0);
  /** Index of the exporter in FlowDecoderState.exporterList. */
  exporter = new Uint32Array(0);

  constructor(capacity = INITIAL_CAPACITY) {
    this.resize(Math.max(1, capacity));
  }

  reset(): void {
    this.length = 0;
  }

  /** Drops rows from `length` on (used to undo a partially written row). */
  truncate(length: number): void {
    if (length < this.length) this.length = Math.max(0, length);
  }

  /** Makes room for `extra` more rows so that decoders can hold column references across a loop. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.capacity) return;
    let next = this.capacity * 2;
    while (next < needed) next *= 2;
    this.resize(next);
  }

  /**
   * Appends a zeroed row and returns its index. Decoders that only fill some fields rely on the
   * zeroing; the address words of an IPv4 row are set by setSrcV4/setDstV4.
   */
  append(exporter: number): number {
    if (this.length === this.capacity) this.reserve(1);
    const i = this.length++;
    const a = i * 4;
    this.ipVersion[i] = 0;
    // Plain stores: a fill() call per row costs more than the four writes it saves typing.
    const src = this.srcAddr;
    const dst = this.dstAddr;
    src[a] = 0;
    src[a + 1] = 0;
    src[a + 2] = 0;
    src[a + 3] = 0;
    dst[a] = 0;
    dst[a + 1] = 0;
    dst[a + 2] = 0;
    dst[a + 3] = 0;
    this.srcPort[i] = 0;
    this.dstPort[i] = 0;
    this.protocol[i] = 0;
    this.tcpFlags[i] = 0;
    this.tos[i] = 0;
    this.icmp[i] = 0;
    this.fragment[i] = 0;
    this.packets[i] = 0;
    this.bytes[i] = 0;
    this.samplingRate[i] = 1;
    this.startMs[i] = 0;
    this.endMs[i] = 0;
    this.srcAs[i] = 0;
    this.dstAs[i] = 0;
    this.exporter[i] = exporter;
    return i;
  }

  setSrcV4(i: number, address: number): void {
    const a = i * 4;
    this.ipVersion[i] = 4;
    this.srcAddr[a] = 0;
    this.srcAddr[a + 1] = 0;
    this.srcAddr[a + 2] = V4_MAPPED_WORD2;
    this.srcAddr[a + 3] = address;
  }

  setDstV4(i: number, address: number): void {
    const a = i * 4;
    this.ipVersion[i] = 4;
    this.dstAddr[a] = 0;
    this.dstAddr[a + 1] = 0;
    this.dstAddr[a + 2] = V4_MAPPED_WORD2;
    this.dstAddr[a + 3] = address;
  }

  /** Copies a 16-byte IPv6 address from `buf` at `offset` (caller checked the bounds). */
  setSrcV6(i: number, buf: Uint8Array, offset: number): void {
    this.ipVersion[i] = 6;
    copyV6(this.srcAddr, i * 4, buf, offset);
  }

  setDstV6(i: number, buf: Uint8Array, offset: number): void {
    this.ipVersion[i] = 6;
    copyV6(this.dstAddr, i * 4, buf, offset);
  }

  private resize(capacity: number): void {
    const n = this.length;
    this.ipVersion = grow(this.ipVersion, new Uint8Array(capacity), n);
    this.srcAddr = grow(this.srcAddr, new Uint32Array(capacity * 4), n * 4);
    this.dstAddr = grow(this.dstAddr, new Uint32Array(capacity * 4), n * 4);
    this.srcPort = grow(this.srcPort, new Uint16Array(capacity), n);
    this.dstPort = grow(this.dstPort, new Uint16Array(capacity), n);
    this.protocol = grow(this.protocol, new Uint8Array(capacity), n);
    this.tcpFlags = grow(this.tcpFlags, new Uint8Array(capacity), n);
    this.tos = grow(this.tos, new Uint8Array(capacity), n);
    this.icmp = grow(this.icmp, new Uint16Array(capacity), n);
    this.fragment = grow(this.fragment, new Uint8Array(capacity), n);
    this.packets = grow(this.packets, new Float64Array(capacity), n);
    this.bytes = grow(this.bytes, new Float64Array(capacity), n);
    this.samplingRate = grow(this.samplingRate, new Float64Array(capacity), n);
    this.startMs = grow(this.startMs, new Float64Array(capacity), n);
    this.endMs = grow(this.endMs, new Float64Array(capacity), n);
    this.srcAs = grow(this.srcAs, new Uint32Array(capacity), n);
    this.dstAs = grow(this.dstAs, new Uint32Array(capacity), n);
    this.exporter = grow(this.exporter, new Uint32Array(capacity), n);
    this.capacity = capacity;
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(
  old: T,
  next: T,
  used: number,
): T {
  next.set(old.subarray(0, used) as never);
  return next;
}

function copyV6(words: Uint32Array, a: number, buf: Uint8Array, o: number): void {
  words[a] = ((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!) >>> 0;
  words[a + 1] = ((buf[o + 4]! << 24) | (buf[o + 5]! << 16) | (buf[o + 6]! << 8) | buf[o + 7]!) >>> 0;
  words[a + 2] = ((buf[o + 8]! << 24) | (buf[o + 9]! << 16) | (buf[o + 10]! << 8) | buf[o + 11]!) >>> 0;
  words[a + 3] = ((buf[o + 12]! << 24) | (buf[o + 13]! << 16) | (buf[o + 14]! << 8) | buf[o + 15]!) >>> 0;
}

/** A plain-object view of one row, for tests, logs and the UI — never for the hot path. */
export interface FlowRecord {
  ipVersion: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  protocol: number;
  tcpFlags: number;
  tos: number;
  icmpType: number;
  icmpCode: number;
  fragment: number;
  packets: number;
  bytes: number;
  samplingRate: number;
  startMs: number;
  endMs: number;
  srcAs: number;
  dstAs: number;
  exporter: number;
}

function wordsAt(words: Uint32Array, i: number): IpWords {
  const a = i * 4;
  return [words[a]!, words[a + 1]!, words[a + 2]!, words[a + 3]!];
}

export function flowRecordAt(batch: FlowBatch, i: number): FlowRecord {
  if (i < 0 || i >= batch.length) throw new RangeError(`row ${i} outside batch of ${batch.length}`);
  const version = batch.ipVersion[i]!;
  const icmp = batch.icmp[i]!;
  return {
    ipVersion: version,
    src: version === 0 ? '' : formatIp(version, wordsAt(batch.srcAddr, i)),
    dst: version === 0 ? '' : formatIp(version, wordsAt(batch.dstAddr, i)),
    srcPort: batch.srcPort[i]!,
    dstPort: batch.dstPort[i]!,
    protocol: batch.protocol[i]!,
    tcpFlags: batch.tcpFlags[i]!,
    tos: batch.tos[i]!,
    icmpType: icmp >>> 8,
    icmpCode: icmp & 0xff,
    fragment: batch.fragment[i]!,
    packets: batch.packets[i]!,
    bytes: batch.bytes[i]!,
    samplingRate: batch.samplingRate[i]!,
    startMs: batch.startMs[i]!,
    endMs: batch.endMs[i]!,
    srcAs: batch.srcAs[i]!,
    dstAs: batch.dstAs[i]!,
    exporter: batch.exporter[i]!,
  };
}

export function flowRecords(batch: FlowBatch, from = 0): FlowRecord[] {
  const out: FlowRecord[] = [];
  for (let i = from; i < batch.length; i++) out.push(flowRecordAt(batch, i));
  return out;
}
