// Who is sending a hot entity its traffic: top sources, ports and ASNs, per-reflector-port
// counts, sample flows and distinct-count sketches. Collected only for the few entities near or
// over a limit (the counters alone decide detection; details explain it), and bounded: each map
// stops taking new keys at MAX_KEYS, and a heavy entity is sub-sampled by a growing stride.

import { formatIp } from '../../flows/address.ts';
import type { FlowBatch } from '../../flows/batch.ts';
import { AMP_COUNT, VECTOR_COUNT } from './vectors.ts';

const MAX_KEYS = 1024;
const TOP = 20;
const MAX_SAMPLES = 3;
/** After this many records in a tick, only every 2nd, then 4th … record is looked at. */
const FULL_DETAIL_RECORDS = 4096;
export const SKETCH_WORDS = 128; // 4096-bit linear-counting bitmaps

export interface SampleFlow {
  src: string;
  dst: string;
  protocol: number;
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  icmpType: number | null;
  fragment: boolean;
  packets: number;
  bytes: number;
  samplingRate: number;
}

/** What a worker posts for one hot entity per tick (structured-clone friendly). */
export interface DetailSummary {
  key: number[];
  records: number;
  /** Packets and bytes per threshold vector (VECTOR_COUNT × 2), spread-adjusted like the counters. */
  vectorTraffic: number[];
  /** Packets and bytes per reflector port (AMP_COUNT × 2). */
  amp: number[];
  sources: Array<[string, number]>;
  sourcePorts: Array<[number, number]>;
  destinationPorts: Array<[number, number]>;
  sourceAsns: Array<[number, number]>;
  sourceSketch: Uint32Array;
  sourcePortSketch: Uint32Array;
  samples: SampleFlow[];
}

const bump = <K>(map: Map<K, number>, key: K, by: number) => {
  const had = map.get(key);
  if (had !== undefined) map.set(key, had + by);
  else if (map.size < MAX_KEYS) map.set(key, by);
};

export function topEntries<K>(map: Map<K, number>, n = TOP): Array<[K, number]> {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

function sketchBit(sketch: Uint32Array, value: number): void {
  let h = Math.imul(value ^ 0x5bd1e995, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  const bit = h & (SKETCH_WORDS * 32 - 1);
  sketch[bit >>> 5]! |= 1 << (bit & 31);
}

/** Linear counting: distinct values seen by a bitmap sketch (exact-ish below ~2k, capped above). */
export function sketchEstimate(sketch: Uint32Array): number {
  let zeros = 0;
  for (let w = 0; w < sketch.length; w++) zeros += 32 - popcount(sketch[w]!);
  const m = sketch.length * 32;
  if (zeros === 0) return m * 8; // saturated: "very many"
  return Math.round(-m * Math.log(zeros / m));
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

export class EntityDetail {
  readonly key: number[];
  records = 0;
  private stride = 1;
  private readonly vectorTraffic = new Float64Array(VECTOR_COUNT * 2);
  private readonly amp = new Float64Array(AMP_COUNT * 2);
  private readonly sources = new Map<number | string, number>();
  private readonly sourcePorts = new Map<number, number>();
  private readonly destinationPorts = new Map<number, number>();
  private readonly sourceAsns = new Map<number, number>();
  private readonly sourceSketch = new Uint32Array(SKETCH_WORDS);
  private readonly sourcePortSketch = new Uint32Array(SKETCH_WORDS);
  private readonly samples: SampleFlow[] = [];

  constructor(key: number[]) {
    this.key = key;
  }

  /** Adds the vector and reflector-port traffic of a record (always, so shares stay exact). */
  addTraffic(vectorMask: number, ampIndex: number, packets: number, bytes: number): void {
    for (let v = 0; v < VECTOR_COUNT; v++) {
      if (vectorMask & (1 << v)) {
        this.vectorTraffic[v * 2]! += packets;
        this.vectorTraffic[v * 2 + 1]! += bytes;
      }
    }
    if (ampIndex > 0) {
      this.amp[(ampIndex - 1) * 2]! += packets;
      this.amp[(ampIndex - 1) * 2 + 1]! += bytes;
    }
  }

  /** Looks at who sent record `i` (sub-sampled once the entity is heavy). */
  addRecord(batch: FlowBatch, i: number, packets: number): void {
    const n = this.records++;
    if (n >= FULL_DETAIL_RECORDS * this.stride) this.stride *= 2;
    if (n % this.stride !== 0) return;
    const weight = packets * this.stride;
    const a = i * 4;
    const version = batch.ipVersion[i]!;
    const src = batch.srcAddr;
    const v4 = version === 4;
    const sourceKey: number | string = v4
      ? src[a + 3]!
      : formatIp(version, [src[a]!, src[a + 1]!, src[a + 2]!, src[a + 3]!]);
    bump(this.sources, sourceKey, weight);
    sketchBit(
      this.sourceSketch,
      src[a + 3]! ^ src[a]! ^ Math.imul(src[a + 1]!, 31) ^ Math.imul(src[a + 2]!, 17),
    );
    const protocol = batch.protocol[i]!;
    if (protocol === 6 || protocol === 17) {
      bump(this.sourcePorts, batch.srcPort[i]!, weight);
      bump(this.destinationPorts, batch.dstPort[i]!, weight);
      sketchBit(this.sourcePortSketch, batch.srcPort[i]!);
    }
    const asn = batch.srcAs[i]!;
    if (asn !== 0) bump(this.sourceAsns, asn, weight);
    if (this.samples.length < MAX_SAMPLES) this.samples.push(sampleOf(batch, i));
  }

  summary(): DetailSummary {
    return {
      key: this.key,
      records: this.records,
      vectorTraffic: [...this.vectorTraffic],
      amp: [...this.amp],
      sources: topEntries(this.sources).map(([k, p]) => [
        typeof k === 'number' ? formatIp(4, [0, 0, 0, k]) : k,
        p,
      ]),
      sourcePorts: topEntries(this.sourcePorts),
      destinationPorts: topEntries(this.destinationPorts),
      sourceAsns: topEntries(this.sourceAsns, 10),
      sourceSketch: this.sourceSketch,
      sourcePortSketch: this.sourcePortSketch,
      samples: this.samples,
    };
  }
}

export function sampleOf(batch: FlowBatch, i: number): SampleFlow {
  const a = i * 4;
  const version = batch.ipVersion[i]!;
  const words = (w: Uint32Array) => [w[a]!, w[a + 1]!, w[a + 2]!, w[a + 3]!] as const;
  const protocol = batch.protocol[i]!;
  const icmp = protocol === 1 || protocol === 58;
  return {
    src: formatIp(version, words(batch.srcAddr)),
    dst: formatIp(version, words(batch.dstAddr)),
    protocol,
    srcPort: batch.srcPort[i]!,
    dstPort: batch.dstPort[i]!,
    tcpFlags: batch.tcpFlags[i]!,
    icmpType: icmp ? batch.icmp[i]! >>> 8 : null,
    fragment: batch.fragment[i]! !== 0,
    packets: batch.packets[i]!,
    bytes: batch.bytes[i]!,
    samplingRate: batch.samplingRate[i]!,
  };
}
