// One attack while the detector tracks it, and the snapshot the detector hands out on start,
// every update and end. The snapshot is what the store persists and the bus carries (after
// the service adds the org), so its field names are the API's.

import { formatIp } from '../../flows/address.ts';
import { AttackDetails } from './attack-details.ts';
import { classify, type Spoofing, spoofingLikelihood } from './classify.ts';
import type { SampleFlow } from './details.ts';
import { KEY_WORDS } from './key-index.ts';
import type { EngineSettings } from './settings.ts';
import {
  AMP_COUNT,
  AMP_PORTS,
  DIR_OUT,
  KIND_PREFIX,
  LIMIT_BPS,
  LIMIT_FLOWS,
  LIMIT_PPS,
  M_BYTES,
  M_FLOWS,
  M_PKTS,
  METRIC_COUNT,
  metaDirection,
  metaKind,
  VECTOR_COUNT,
  VECTOR_METRICS,
  VECTORS,
} from './vectors.ts';

export interface Rate {
  pps: number;
  bps: number;
}

export interface CrossedLimit {
  pps?: number;
  bps?: number;
  flowsPerSec?: number;
  /** The limit came from the learned baseline (multiplier × normal rate), not a fixed number. */
  baseline?: boolean;
}

export interface AttackSnapshot {
  id: string;
  scope: 'host' | 'prefix';
  target: string;
  prefix: string | null;
  hostgroup: string | null;
  /** Org handle of the hostgroup, when it names one. */
  org: string | null;
  direction: 'incoming' | 'outgoing';
  classification: string;
  vectors: string[];
  state: 'active' | 'ended';
  startedAtMs: number;
  updatedAtMs: number;
  endedAtMs: number | null;
  detectedAtMs: number;
  firstSeenAtMs: number;
  current: { pps: number; bps: number; flowsPerSec: number };
  peak: Rate;
  breakdown: Record<string, Rate>;
  topSources: Array<{ address: string; pps: number }>;
  topSourcePorts: Array<{ port: number; pps: number }>;
  topDestinationPorts: Array<{ port: number; pps: number }>;
  topSourceAsns: Array<{ asn: number; pps: number }>;
  sampleFlows: SampleFlow[];
  spoofing: Spoofing;
  thresholds: Record<string, CrossedLimit>;
}

export interface DetectorEvent {
  type: 'started' | 'updated' | 'ended';
  attack: AttackSnapshot;
  /** Current per-vector rates, for the per-second graph (the snapshot's breakdown keeps the last rates above the limits). */
  sample: Record<string, Rate>;
}

type Tops = Pick<
  AttackSnapshot,
  'topSources' | 'topSourcePorts' | 'topDestinationPorts' | 'topSourceAsns'
> & {
  top10Share: number;
};

export class ActiveAttack {
  readonly id: string;
  readonly row: number;
  readonly snapshot: AttackSnapshot;
  details = new AttackDetails();
  /** Vectors (bit per VECTORS index) that crossed a limit at some point. */
  crossed = 0;
  lastAboveRel: number;
  lastEmitRel: number;
  /** Current window rates per metric, per second (bytes/s for byte metrics). */
  readonly rates = new Float64Array(METRIC_COUNT);
  private tops: Tops | null = null;

  constructor(
    id: string,
    row: number,
    key: Uint32Array,
    entryCidr: string | null,
    settings: EngineSettings,
    entry: number,
    rel: number,
  ) {
    this.id = id;
    this.row = row;
    this.lastAboveRel = rel;
    this.lastEmitRel = rel;
    const m = key[KEY_WORDS - 1]!;
    const words = [key[0]!, key[1]!, key[2]!, key[3]!] as const;
    const v4 = words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
    const group = entry >= 0 ? (settings.entries[entry]?.group ?? -1) : -1;
    const g = group >= 0 ? settings.groups[group]! : null;
    this.snapshot = {
      id,
      scope: metaKind(m) === KIND_PREFIX ? 'prefix' : 'host',
      target: formatIp(v4 ? 4 : 6, words),
      prefix: g ? entryCidr : null,
      hostgroup: g?.name ?? null,
      org: g?.org ?? null,
      direction: metaDirection(m) === DIR_OUT ? 'outgoing' : 'incoming',
      classification: 'flood',
      vectors: [],
      state: 'active',
      startedAtMs: 0,
      updatedAtMs: 0,
      endedAtMs: null,
      detectedAtMs: 0,
      firstSeenAtMs: 0,
      current: { pps: 0, bps: 0, flowsPerSec: 0 },
      peak: { pps: 0, bps: 0 },
      breakdown: {},
      topSources: [],
      topSourcePorts: [],
      topDestinationPorts: [],
      topSourceAsns: [],
      sampleFlows: [],
      spoofing: 'low',
      thresholds: {},
    };
  }

  /** Records what crossed which limit this tick. */
  markCrossed(
    mask: number,
    limits: readonly number[],
    baselineMask: number,
    baselineLevels: Float64Array,
  ): void {
    this.crossed |= mask;
    for (let v = 0; v < VECTOR_COUNT; v++) {
      if ((mask & (1 << v)) === 0) continue;
      const name = VECTORS[v]!;
      if (this.snapshot.thresholds[name]) continue;
      const crossed: CrossedLimit = {};
      const [pm, bm, fm] = VECTOR_METRICS[v]!;
      const lp = limits[v * 3 + LIMIT_PPS]!;
      const lb = limits[v * 3 + LIMIT_BPS]!;
      const lf = limits[v * 3 + LIMIT_FLOWS]!;
      if (lp > 0 && this.rates[pm]! >= lp) crossed.pps = lp;
      if (bm >= 0 && lb > 0 && this.rates[bm]! * 8 >= lb) crossed.bps = lb;
      if (fm >= 0 && lf > 0 && this.rates[fm]! >= lf) crossed.flowsPerSec = lf;
      if (baselineMask & (1 << v)) {
        crossed.baseline = true;
        crossed.pps ??= Math.round(baselineLevels[v]!);
      }
      this.snapshot.thresholds[name] = crossed;
    }
  }

  /** Refreshes the snapshot from the current rates and details; `above`: limits crossed now. */
  refresh(
    nowMs: number,
    tickMs: number,
    above: boolean,
  ): { attack: AttackSnapshot; sample: Record<string, Rate> } {
    const s = this.snapshot;
    const r = this.rates;
    s.updatedAtMs = nowMs;
    s.current = { pps: round(r[M_PKTS]!), bps: round(r[M_BYTES]! * 8), flowsPerSec: round(r[M_FLOWS]!) };
    s.peak = { pps: Math.max(s.peak.pps, s.current.pps), bps: Math.max(s.peak.bps, s.current.bps) };
    const pps = VECTOR_METRICS.map(([pm]) => r[pm]!);
    const sample = this.breakdown(pps);
    if (above || s.vectors.length === 0) {
      s.breakdown = sample;
      const c = classify(this.crossed, pps, this.details.amp);
      s.classification = c.classification;
      s.vectors = c.vectors;
    }
    if (this.details.periodTicks > 0 || !this.tops) this.tops = this.details.tops(tickMs);
    const { top10Share, ...tops } = this.tops;
    Object.assign(s, tops);
    s.sampleFlows = this.details.samples;
    const amplificationOnly = s.classification.startsWith('UDP amplification');
    s.spoofing = spoofingLikelihood(
      amplificationOnly,
      this.details.distinctSources(),
      this.details.distinctSourcePorts(),
      top10Share,
    );
    this.details.endPeriod();
    return { attack: structuredClone(s), sample };
  }

  private breakdown(pps: number[]): Record<string, Rate> {
    const r = this.rates;
    const lifetime = this.details.lifetimeTraffic;
    const totalSize = r[M_PKTS]! > 0 ? r[M_BYTES]! / r[M_PKTS]! : 0;
    const out: Record<string, Rate> = {};
    VECTOR_METRICS.forEach(([, bm], v) => {
      const p = pps[v]!;
      if (p <= 0) return;
      // Byte counters are kept for total, UDP and reflected traffic; for the others the mean
      // packet size seen in the details (or of all traffic) turns pps into bps.
      const size = lifetime[v * 2]! > 0 ? lifetime[v * 2 + 1]! / lifetime[v * 2]! : totalSize;
      out[VECTORS[v]!] = { pps: round(p), bps: round(bm >= 0 ? r[bm]! * 8 : p * size * 8) };
    });
    const amp = this.details.amp;
    let ampPackets = 0;
    let ampBytes = 0;
    for (let i = 0; i < AMP_COUNT; i++) {
      ampPackets += amp[i * 2]!;
      ampBytes += amp[i * 2 + 1]!;
    }
    const reflected = out.amplification;
    if (reflected && ampPackets > 0) {
      for (let i = 0; i < AMP_COUNT; i++) {
        if (amp[i * 2]! <= 0) continue;
        out[`amp_${AMP_PORTS[i]!.slug}`] = {
          pps: round((reflected.pps * amp[i * 2]!) / ampPackets),
          bps: round(ampBytes > 0 ? (reflected.bps * amp[i * 2 + 1]!) / ampBytes : 0),
        };
      }
    }
    return out;
  }
}

const round = (n: number) => Math.round(n);
