// Details of one attack merged from the workers' per-tick summaries: who sends (top sources,
// ports, ASNs) over the current update period, and, over the attack's whole life, the
// reflector-port mix and distinct-source sketches that classification and spoofing use.

import { type DetailSummary, type SampleFlow, SKETCH_WORDS, sketchEstimate, topEntries } from './details.ts';
import { AMP_COUNT, VECTOR_COUNT } from './vectors.ts';

const MAX_KEYS = 4096;
const MAX_SAMPLES = 5;

const merge = <K>(into: Map<K, number>, entries: ReadonlyArray<readonly [K, number]>) => {
  for (const [key, value] of entries) {
    const had = into.get(key);
    if (had !== undefined) into.set(key, had + value);
    else if (into.size < MAX_KEYS) into.set(key, value);
  }
};

export class AttackDetails {
  /** Current update period. */
  readonly vectorTraffic = new Float64Array(VECTOR_COUNT * 2);
  readonly sources = new Map<string, number>();
  readonly sourcePorts = new Map<number, number>();
  readonly destinationPorts = new Map<number, number>();
  readonly sourceAsns = new Map<number, number>();
  /** Whole attack. */
  readonly amp = new Float64Array(AMP_COUNT * 2);
  readonly lifetimeTraffic = new Float64Array(VECTOR_COUNT * 2);
  readonly sourceSketch = new Uint32Array(SKETCH_WORDS);
  readonly sourcePortSketch = new Uint32Array(SKETCH_WORDS);
  samples: SampleFlow[] = [];
  /** Ticks of detail merged in the current period (0: nothing known this period). */
  periodTicks = 0;
  lastTick = -1;

  add(d: DetailSummary, rel: number): void {
    for (let i = 0; i < d.vectorTraffic.length; i++) {
      this.vectorTraffic[i]! += d.vectorTraffic[i]!;
      this.lifetimeTraffic[i]! += d.vectorTraffic[i]!;
    }
    for (let i = 0; i < d.amp.length; i++) this.amp[i]! += d.amp[i]!;
    merge(this.sources, d.sources);
    merge(this.sourcePorts, d.sourcePorts);
    merge(this.destinationPorts, d.destinationPorts);
    merge(this.sourceAsns, d.sourceAsns);
    for (let w = 0; w < SKETCH_WORDS; w++) {
      this.sourceSketch[w]! |= d.sourceSketch[w]!;
      this.sourcePortSketch[w]! |= d.sourcePortSketch[w]!;
    }
    this.samples = [...d.samples, ...this.samples].slice(0, MAX_SAMPLES);
    if (rel !== this.lastTick) {
      this.periodTicks++;
      this.lastTick = rel;
    }
  }

  /** Folds another accumulator in (details collected before the attack was opened). */
  absorb(other: AttackDetails): void {
    for (let i = 0; i < this.vectorTraffic.length; i++) {
      this.vectorTraffic[i]! += other.vectorTraffic[i]!;
      this.lifetimeTraffic[i]! += other.lifetimeTraffic[i]!;
    }
    for (let i = 0; i < this.amp.length; i++) this.amp[i]! += other.amp[i]!;
    merge(this.sources, [...other.sources]);
    merge(this.sourcePorts, [...other.sourcePorts]);
    merge(this.destinationPorts, [...other.destinationPorts]);
    merge(this.sourceAsns, [...other.sourceAsns]);
    for (let w = 0; w < SKETCH_WORDS; w++) {
      this.sourceSketch[w]! |= other.sourceSketch[w]!;
      this.sourcePortSketch[w]! |= other.sourcePortSketch[w]!;
    }
    this.samples = [...other.samples, ...this.samples].slice(0, MAX_SAMPLES);
    this.periodTicks += other.periodTicks;
  }

  /** Starts a new update period; returns false when the period had no details (keep old tops). */
  endPeriod(): void {
    this.vectorTraffic.fill(0);
    this.sources.clear();
    this.sourcePorts.clear();
    this.destinationPorts.clear();
    this.sourceAsns.clear();
    this.periodTicks = 0;
  }

  distinctSources(): number {
    return sketchEstimate(this.sourceSketch);
  }

  distinctSourcePorts(): number {
    return sketchEstimate(this.sourcePortSketch);
  }

  /** Top entries as rates: counts over the period divided by the seconds of detail it covers. */
  tops(tickMs: number) {
    const seconds = Math.max(1, this.periodTicks) * (tickMs / 1000);
    const rate = (n: number) => Math.round(n / seconds);
    return {
      topSources: topEntries(this.sources, 10).map(([address, n]) => ({ address, pps: rate(n) })),
      topSourcePorts: topEntries(this.sourcePorts, 10).map(([port, n]) => ({ port, pps: rate(n) })),
      topDestinationPorts: topEntries(this.destinationPorts, 10).map(([port, n]) => ({ port, pps: rate(n) })),
      topSourceAsns: topEntries(this.sourceAsns, 10).map(([asn, n]) => ({ asn, pps: rate(n) })),
      /** Share of the period's packets sent by the ten busiest sources (1 when unknown). */
      top10Share: this.top10Share(),
    };
  }

  private top10Share(): number {
    const total = this.vectorTraffic[0]!;
    if (total <= 0) return 1;
    let top = 0;
    for (const [, n] of topEntries(this.sources, 10)) top += n;
    return Math.min(1, top / total);
  }
}
