// Turns the simulator's flows into the datagrams a router would send: NetFlow v5 (30 records per
// datagram, flow sequence), NetFlow v9 and IPFIX (templates refreshed every 20 datagrams, with
// fragment and sampling-interval fields), or sFlow v5 (1-in-N packet samples with raw headers).
// Sampling is applied as a router would: exported counts are the sampled ones.

import {
  dataSet,
  encodeIpfix,
  encodeNetflow5,
  encodeNetflow9,
  type FieldSpec,
  type FieldValue,
  ipfixTemplateSet,
  v9TemplateSet,
} from '../testing/encode-netflow.ts';
import { encodeSflow, sflowFlowSample, sflowRawHeaderRecord } from '../testing/encode-sflow.ts';
import { buildFrame } from '../testing/packets.ts';
import type { SimFlow } from './traffic.ts';

export const SIM_PROTOCOLS = ['v5', 'v9', 'ipfix', 'sflow'] as const;
export type SimProtocol = (typeof SIM_PROTOCOLS)[number];

const T4 = 300;
const T6 = 301;
const TEMPLATE_EVERY = 20;
const MAX_DATAGRAM = 1400;

const tail = (v9: boolean): FieldSpec[] => [
  { id: 7, length: 2 },
  { id: 11, length: 2 },
  { id: 4, length: 1 },
  { id: 6, length: 1 },
  { id: 5, length: 1 },
  { id: 2, length: 4 },
  { id: 1, length: 4 },
  ...(v9
    ? [
        { id: 22, length: 4 },
        { id: 21, length: 4 },
      ]
    : [
        { id: 152, length: 8 },
        { id: 153, length: 8 },
      ]),
  { id: 16, length: 4 },
  { id: 17, length: 4 },
  { id: 32, length: 2 },
  { id: 88, length: 2 },
  { id: 197, length: 1 },
  { id: 34, length: 4 },
];
const fieldsFor = (v6: boolean, v9: boolean): FieldSpec[] => [
  { id: v6 ? 27 : 8, length: v6 ? 16 : 4 },
  { id: v6 ? 28 : 12, length: v6 ? 16 : 4 },
  ...tail(v9),
];
const recordLength = (fields: FieldSpec[]) => fields.reduce((n, f) => n + f.length, 0);

export interface ExporterOptions {
  /** 1-in-N packet sampling (1 = none). */
  sampling: number;
  random: () => number;
  /** sysUptime origin: the exporter "booted" this long before the first datagram. */
  uptimeOffsetMs?: number;
}

export class SimExporter {
  readonly protocol: SimProtocol;
  private readonly o: ExporterOptions;
  private datagrams = 0;
  private flowSequence = 0;
  private readonly bootMs: number;

  constructor(protocol: SimProtocol, options: ExporterOptions) {
    this.protocol = protocol;
    this.o = options;
    this.bootMs = Date.now() - (options.uptimeOffsetMs ?? 3_600_000);
  }

  /** Sampled count for `n` packets: n / N with random rounding (what a 1-in-N sampler keeps). */
  private sample(n: number): number {
    const exact = n / this.o.sampling;
    const whole = Math.floor(exact);
    return whole + (this.o.random() < exact - whole ? 1 : 0);
  }

  encode(flows: readonly SimFlow[], nowMs: number): Uint8Array[] {
    if (this.protocol === 'sflow') return this.encodeSflow(flows, nowMs);
    const sampled: SimFlow[] = [];
    for (const f of flows) {
      const packets = this.o.sampling > 1 ? this.sample(f.packets ?? 1) : (f.packets ?? 1);
      if (packets <= 0) continue;
      const size = (f.bytes ?? 64) / Math.max(1, f.packets ?? 1);
      sampled.push({ ...f, packets, bytes: Math.round(packets * size) });
    }
    if (this.protocol === 'v5') return this.encodeV5(sampled, nowMs);
    return this.encodeTemplated(sampled, nowMs, this.protocol === 'v9');
  }

  private encodeV5(flows: SimFlow[], nowMs: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    const v4 = flows.filter((f) => !f.src.includes(':'));
    for (let i = 0; i < v4.length; i += 30) {
      const chunk = v4.slice(i, i + 30);
      out.push(
        encodeNetflow5(chunk, {
          unixMs: nowMs,
          sysUptime: nowMs - this.bootMs,
          sequence: this.flowSequence,
          samplingInterval: this.o.sampling > 1 ? this.o.sampling : 0,
          samplingMode: this.o.sampling > 1 ? 1 : 0,
        }),
      );
      this.flowSequence += chunk.length;
    }
    return out;
  }

  private encodeTemplated(flows: SimFlow[], nowMs: number, v9: boolean): Uint8Array[] {
    const out: Uint8Array[] = [];
    const sysUptime = nowMs - this.bootMs;
    const unixBase = Math.floor(nowMs / 1000) * 1000;
    const uptime = (ms: number) => (sysUptime - (unixBase - ms)) >>> 0;
    const values = (f: SimFlow): FieldValue[] => {
      const icmp = f.protocol === 1 || f.protocol === 58;
      return [
        f.src,
        f.dst,
        icmp ? 0 : (f.srcPort ?? 0),
        icmp ? 0 : (f.dstPort ?? 0),
        f.protocol ?? 17,
        f.tcpFlags ?? 0,
        0,
        f.packets ?? 1,
        f.bytes ?? 64,
        v9 ? uptime(f.startMs ?? nowMs) : (f.startMs ?? nowMs),
        v9 ? uptime(f.endMs ?? nowMs) : (f.endMs ?? nowMs),
        f.srcAs ?? 0,
        f.dstAs ?? 0,
        icmp ? ((f.icmpType ?? 8) << 8) | (f.icmpCode ?? 0) : 0,
        f.fragmentOffset ?? 0,
        f.moreFragments ? 0x20 : 0,
        this.o.sampling,
      ];
    };
    for (const v6 of [false, true]) {
      const fields = fieldsFor(v6, v9);
      const list = flows.filter((f) => f.src.includes(':') === v6);
      const perDatagram = Math.max(1, Math.floor((MAX_DATAGRAM - 200) / recordLength(fields)));
      for (let i = 0; i < list.length; i += perDatagram) {
        const chunk = list.slice(i, i + perDatagram);
        const sets: Uint8Array[] = [];
        if (this.datagrams % TEMPLATE_EVERY === 0 || i === 0) {
          const templates = [
            { id: T4, fields: fieldsFor(false, v9) },
            { id: T6, fields: fieldsFor(true, v9) },
          ];
          sets.push(v9 ? v9TemplateSet(templates) : ipfixTemplateSet(templates));
        }
        sets.push(dataSet(v6 ? T6 : T4, fields, chunk.map(values), v9));
        out.push(
          v9
            ? encodeNetflow9({ unixMs: nowMs, sysUptime, sequence: this.datagrams, sourceId: 1 }, sets)
            : encodeIpfix({ exportMs: nowMs, sequence: this.flowSequence, domain: 1 }, sets),
        );
        this.datagrams++;
        this.flowSequence += chunk.length;
      }
    }
    return out;
  }

  private encodeSflow(flows: readonly SimFlow[], nowMs: number): Uint8Array[] {
    const samples: Uint8Array[] = [];
    for (const f of flows) {
      const n = this.sample(f.packets ?? 1);
      if (n <= 0) continue;
      const size = Math.round((f.bytes ?? 64) / Math.max(1, f.packets ?? 1));
      const headerBytes = f.protocol === 6 ? 40 : f.protocol === 1 ? 28 : 28;
      const frame = buildFrame({
        src: f.src,
        dst: f.dst,
        protocol: f.protocol ?? 17,
        srcPort: f.srcPort ?? 0,
        dstPort: f.dstPort ?? 0,
        tcpFlags: f.tcpFlags ?? 0,
        icmpType: f.icmpType ?? 8,
        icmpCode: f.icmpCode ?? 0,
        payloadLength: Math.max(0, size - headerBytes),
        fragmentOffset: f.fragmentOffset ?? 0,
        moreFragments: f.moreFragments ?? false,
      });
      const record = sflowRawHeaderRecord(frame);
      for (let k = 0; k < n; k++)
        samples.push(sflowFlowSample({ samplingRate: this.o.sampling, records: [record] }));
    }
    const out: Uint8Array[] = [];
    for (let i = 0; i < samples.length; i += 8) {
      out.push(
        encodeSflow(
          { agent: '192.0.2.1', sequence: ++this.datagrams, uptimeMs: nowMs - this.bootMs },
          samples.slice(i, i + 8),
        ),
      );
    }
    return out;
  }
}
