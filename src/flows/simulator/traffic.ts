// What the simulator sends, as flows per export interval: background traffic for many hosts
// (web, QUIC, DNS answers), optionally a large TCP download reported with a long active timeout
// and a brief burst, plus attacks of every vector at a given rate. Addresses are documentation
// and benchmark ranges — data only; datagrams go to a loopback collector.

import type { FlowInput } from '../testing/flow-input.ts';

export const ATTACK_VECTORS = {
  udp: { protocol: 17, srcPort: 0, size: 512, label: 'UDP flood' },
  ntp: { protocol: 17, srcPort: 123, size: 468, label: 'UDP amplification: NTP' },
  dns: { protocol: 17, srcPort: 53, size: 1400, label: 'UDP amplification: DNS' },
  ssdp: { protocol: 17, srcPort: 1900, size: 320, label: 'UDP amplification: SSDP' },
  memcached: { protocol: 17, srcPort: 11211, size: 1400, label: 'UDP amplification: memcached' },
  cldap: { protocol: 17, srcPort: 389, size: 1400, label: 'UDP amplification: CLDAP' },
  chargen: { protocol: 17, srcPort: 19, size: 1000, label: 'UDP amplification: chargen' },
  snmp: { protocol: 17, srcPort: 161, size: 1000, label: 'UDP amplification: SNMP' },
  syn: { protocol: 6, srcPort: 0, size: 60, label: 'TCP SYN flood' },
  icmp: { protocol: 1, srcPort: 0, size: 84, label: 'ICMP flood' },
  fragments: { protocol: 17, srcPort: 0, size: 1480, label: 'IP fragment flood' },
} as const;
export type AttackVector = keyof typeof ATTACK_VECTORS;

/** A flow plus what FlowInput cannot say: fragment fields (v9/IPFIX/sFlow only). */
export interface SimFlow extends FlowInput {
  fragmentOffset?: number;
  moreFragments?: boolean;
  /** Index of the attack this flow belongs to, or -1 for background. */
  attack: number;
}

export interface AttackSpec {
  vector: AttackVector;
  target: string;
  pps: number;
  /** Offsets from the start of the run. */
  startMs: number;
  durationMs: number;
  /** Random source addresses and ports; otherwise `sources` fixed senders (reflectors, bots). */
  spoofed: boolean;
  sources: number;
  packetSize?: number;
}

export interface BackgroundSpec {
  /** Hosts in 198.51.100.0/24 starting at .10 (then 198.51.101.x …). */
  hosts: number;
  ppsPerHost: number;
  /** One large TCP download, exported every `activeTimeoutMs` as one long record. */
  download?: { target: string; pps: number; activeTimeoutMs: number };
  /** A short surge to one host (below the limit over any 1 s window). */
  burst?: { target: string; pps: number; startMs: number; durationMs: number };
}

/** Deterministic PRNG (mulberry32): the same seed sends the same traffic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ip = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
export const backgroundHost = (i: number) =>
  ip(((198 << 24) | (51 << 16) | ((100 + (i >>> 8)) << 8) | (10 + (i & 0xff))) >>> 0);

export class TrafficModel {
  private readonly random: () => number;
  private readonly carry = new Map<string, number>();
  private lastDownloadExportMs = 0;
  readonly background: BackgroundSpec;
  readonly attacks: readonly AttackSpec[];
  /** Cap on records per attack per interval: a spoofed flood is summarised, not one record per packet. */
  readonly maxRecords: number;

  constructor(background: BackgroundSpec, attacks: readonly AttackSpec[], seed = 1, maxRecords = 1000) {
    this.background = background;
    this.attacks = attacks;
    this.random = prng(seed);
    this.maxRecords = maxRecords;
  }

  /** Whole packets for `rate × seconds`, carrying the fraction over to the next interval. */
  private packets(key: string, rate: number, seconds: number): number {
    const exact = rate * seconds + (this.carry.get(key) ?? 0);
    const whole = Math.floor(exact);
    this.carry.set(key, exact - whole);
    return whole;
  }

  /** Flows for the interval [fromMs, toMs) of a run that began at `runStartMs` (epoch ms). */
  interval(runStartMs: number, fromMs: number, toMs: number): SimFlow[] {
    const flows: SimFlow[] = [];
    const seconds = (toMs - fromMs) / 1000;
    const rel = fromMs - runStartMs;
    const bg = this.background;
    for (let h = 0; h < bg.hosts; h++) {
      const dst = backgroundHost(h);
      const mix: Array<[string, Partial<SimFlow>, number, number]> = [
        [
          'web',
          {
            src: ip(0xc0000200 + (h % 200) + 1),
            srcPort: 443,
            dstPort: 50000 + h,
            protocol: 6,
            tcpFlags: 0x18,
          },
          0.6,
          1200,
        ],
        [
          'quic',
          { src: ip(0xcb007100 + (h % 200) + 1), srcPort: 443, dstPort: 40000 + h, protocol: 17 },
          0.3,
          1100,
        ],
        ['dns', { src: '192.0.2.53', srcPort: 53, dstPort: 30000 + h, protocol: 17 }, 0.1, 120],
      ];
      for (const [name, shape, share, size] of mix) {
        const n = this.packets(`${name}${h}`, bg.ppsPerHost * share, seconds);
        if (n > 0)
          flows.push({
            ...shape,
            src: shape.src!,
            dst,
            packets: n,
            bytes: n * size,
            startMs: fromMs,
            endMs: toMs - 1,
            attack: -1,
          });
      }
    }
    if (bg.download && toMs - this.lastDownloadExportMs >= bg.download.activeTimeoutMs) {
      // A router exports a long flow once per active timeout: one record covering all of it.
      const span = this.lastDownloadExportMs === 0 ? toMs - fromMs : toMs - this.lastDownloadExportMs;
      const n = Math.round((bg.download.pps * span) / 1000);
      flows.push({
        src: '192.0.2.80',
        dst: bg.download.target,
        srcPort: 443,
        dstPort: 55555,
        protocol: 6,
        tcpFlags: 0x18,
        packets: n,
        bytes: n * 1500,
        startMs: toMs - span,
        endMs: toMs - 1,
        attack: -1,
      });
      this.lastDownloadExportMs = toMs;
    }
    const burst = bg.burst;
    if (burst && rel >= burst.startMs && rel < burst.startMs + burst.durationMs) {
      const n = this.packets('burst', burst.pps, seconds);
      if (n > 0)
        flows.push({
          src: '192.0.2.99',
          dst: burst.target,
          srcPort: 443,
          dstPort: 44444,
          protocol: 17,
          packets: n,
          bytes: n * 1200,
          startMs: fromMs,
          endMs: toMs - 1,
          attack: -1,
        });
    }
    this.attacks.forEach((a, index) => {
      if (rel < a.startMs || rel >= a.startMs + a.durationMs) return;
      flows.push(...this.attackFlows(a, index, fromMs, toMs, seconds));
    });
    return flows;
  }

  private attackFlows(
    a: AttackSpec,
    index: number,
    fromMs: number,
    toMs: number,
    seconds: number,
  ): SimFlow[] {
    const v = ATTACK_VECTORS[a.vector];
    const total = this.packets(`attack${index}`, a.pps, seconds);
    if (total <= 0) return [];
    const records = Math.max(1, Math.min(this.maxRecords, a.spoofed ? total : a.sources, total));
    const size = a.packetSize ?? v.size;
    const out: SimFlow[] = [];
    for (let r = 0; r < records; r++) {
      const packets = Math.floor(total / records) + (r < total % records ? 1 : 0);
      if (packets === 0) continue;
      const src = a.spoofed
        ? ip((this.random() * 0xdfffffff + 0x01000000) >>> 0)
        : ip((0xc6120000 + index * 4096 + r + 1) >>> 0);
      const randomPort = 1024 + Math.floor(this.random() * 64000);
      const flow: SimFlow = {
        src,
        dst: a.target,
        protocol: v.protocol,
        srcPort: v.srcPort || (a.spoofed ? randomPort : 20000 + r),
        dstPort: a.vector === 'syn' ? 80 : v.protocol === 17 ? 1024 + ((r * 7919) % 60000) : 0,
        tcpFlags: a.vector === 'syn' ? 0x02 : 0,
        packets,
        bytes: packets * size,
        startMs: fromMs,
        endMs: toMs - 1,
        attack: index,
      };
      if (v.protocol === 1) flow.icmpType = 8;
      if (a.vector === 'fragments') {
        flow.fragmentOffset = 185; // a non-first fragment: no transport header, no ports
        flow.srcPort = 0;
        flow.dstPort = 0;
      }
      out.push(flow);
    }
    return out;
  }
}
