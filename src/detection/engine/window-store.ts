// The detector's per-entity state: a ring of the last `windowTicks` tick counters per entity in
// Float32 slabs, indexed by an open-addressing hash of the address (KeyIndex). Rates are the
// sum of the ring over the window (1 s by default) — a short sliding window, not a moving
// average, so a flood at 1.25× a limit crosses it once 80% of a window has passed.
//
// Memory per entity (defaults: 4 ticks): totals ring 48 B (packets, bytes, flows) + key 20 B +
// last tick 4 B + prefix entry 4 B + first-arrival offsets 4 B + hot slot 4 B = 84 B in the
// columns, plus hash slots and growth slack. Entities near a limit also hold the per-vector ring
// (HotRows: 128 B each); with learned baselines every entity does, and baselines add 34 B.
// `npm run bench:flows` reports the allocated bytes per active host. Only entities that saw
// traffic are here; idle ones are evicted.

import { HOT_CUTOFF, HotRows, TOTAL_METRICS, VECTOR_METRICS_KEPT } from './hot-rows.ts';
import { KEY_WORDS, KeyIndex } from './key-index.ts';
import { type EngineSettings, lowestLimits } from './settings.ts';
import type { TickMessage } from './tick-counter.ts';
import { M_BYTES, M_PKTS, METRIC_COUNT } from './vectors.ts';

/** Metrics with a learned baseline (per-window rates): total pps/bps, then per-vector pps. */
export const BASELINE_METRICS = [0, 1, 5, 9, 3, 4, 7, 8] as const; // PKTS BYTES UDP AMP TCP SYN ICMP FRAG

export class WindowStore {
  readonly index: KeyIndex;
  readonly ticks: number;
  /** Tick numbers are stored relative to this, so they fit an Int32. */
  readonly baseTick: number;
  /** TOTAL_METRICS numbers per tick per row. */
  ring = new Float32Array(0);
  /** Per-vector rings of the rows near a limit; `hotSlot[row]` is its slot + 1 (0: none). */
  readonly hot: HotRows;
  hotSlot = new Int32Array(0);
  lastTick = new Int32Array(0);
  entry = new Int32Array(0);
  firstOffset = new Uint8Array(0);
  baseline = new Float32Array(0);
  baselineTicks = new Uint16Array(0);
  private readonly baselines: boolean;
  /** Window totals at which a row gets its per-vector ring (0 with baselines: every row). */
  private readonly hotPkts: number;
  private readonly hotBytes: number;
  /** Rows that received data per relative tick, for evaluation (cleared once evaluated). */
  readonly touched = new Map<number, number[]>();
  /** Records dropped because maxEntities was reached. */
  dropped = 0;

  constructor(settings: EngineSettings, baseTick: number) {
    this.ticks = settings.windowTicks;
    this.baseTick = baseTick;
    this.baselines = settings.baseline.enabled;
    this.hot = new HotRows(this.ticks);
    // Baselines learn every vector of every entity, so then every row keeps the vector ring.
    const lowest = lowestLimits(settings);
    const windowS = (settings.tickMs * settings.windowTicks) / 1000;
    this.hotPkts = this.baselines ? 0 : lowest.pps * windowS * HOT_CUTOFF;
    this.hotBytes = this.baselines ? 0 : (lowest.bps / 8) * windowS * HOT_CUTOFF;
    // Growing by a quarter keeps unused capacity (memory per active host) low; copies are rare.
    this.index = new KeyIndex(1024, settings.maxEntities, (capacity) => this.resize(capacity), 1.25);
    this.resize(this.index.capacity);
  }

  /** Adds one worker's tick table. Data older than the window is ignored. */
  ingest(message: TickMessage): void {
    const rel = message.tick - this.baseTick;
    const { keys, metrics, entries, firstOffsets } = message;
    const W = this.ticks;
    const slot = ((rel % W) + W) % W;
    let touched = this.touched.get(rel);
    if (!touched) {
      touched = [];
      this.touched.set(rel, touched);
    }
    for (let r = 0; r < message.rows; r++) {
      const k = r * KEY_WORDS;
      const before = this.index.count;
      const row = this.index.insert(keys, k, keys[k + 4]!);
      if (row < 0) {
        this.dropped++;
        continue;
      }
      if (this.index.count !== before) this.initRow(row, entries[r]!, rel);
      const last = this.lastTick[row]!;
      if (rel <= last - W) continue; // too late for the window
      if (rel > last) {
        // Zero the slots of ticks between the last one and this one (at most the whole ring).
        for (let t = Math.max(last + 1, rel - W + 1); t <= rel; t++) this.clearSlot(row, ((t % W) + W) % W);
        this.lastTick[row] = rel;
        touched.push(row);
        this.firstOffset[row * W + slot] = firstOffsets[r]!;
      }
      const m = r * METRIC_COUNT;
      let hot = this.hotSlot[row]!;
      if (hot === 0 && this.reachesCutoff(row, metrics[m + M_PKTS]!, metrics[m + M_BYTES]!)) {
        hot = this.hot.allocate() + 1;
        this.hotSlot[row] = hot;
      }
      const base = (row * W + slot) * TOTAL_METRICS;
      for (let i = 0; i < TOTAL_METRICS; i++) this.ring[base + i]! += metrics[m + i]!;
      if (hot === 0) continue;
      const vbase = ((hot - 1) * W + slot) * VECTOR_METRICS_KEPT;
      const ring = this.hot.ring;
      for (let i = 0; i < VECTOR_METRICS_KEPT; i++) ring[vbase + i]! += metrics[m + TOTAL_METRICS + i]!;
    }
  }

  /** Whether the row's window totals plus this tick's reach the per-vector cutoff. */
  private reachesCutoff(row: number, pkts: number, bytes: number): boolean {
    const W = this.ticks;
    for (let s = 0; s < W; s++) {
      pkts += this.ring[(row * W + s) * TOTAL_METRICS + M_PKTS]!;
      bytes += this.ring[(row * W + s) * TOTAL_METRICS + M_BYTES]!;
    }
    return pkts >= this.hotPkts || bytes >= this.hotBytes;
  }

  /** One metric of one tick slot of a row; a cold row's vector metrics read as 0. */
  private at(row: number, tickSlot: number, metric: number): number {
    const W = this.ticks;
    if (metric < TOTAL_METRICS) return this.ring[(row * W + tickSlot) * TOTAL_METRICS + metric]!;
    const hot = this.hotSlot[row]!;
    if (hot === 0) return 0;
    return this.hot.ring[((hot - 1) * W + tickSlot) * VECTOR_METRICS_KEPT + metric - TOTAL_METRICS]!;
  }

  /** Sums the window ending at relative tick `rel` into `out` (METRIC_COUNT numbers). */
  windowSums(row: number, rel: number, out: Float64Array): void {
    out.fill(0);
    const W = this.ticks;
    const hot = this.hotSlot[row]!;
    const last = Math.min(this.lastTick[row]!, rel);
    for (let t = Math.max(rel - W + 1, this.lastTick[row]! - W + 1); t <= last; t++) {
      const tickSlot = ((t % W) + W) % W;
      const base = (row * W + tickSlot) * TOTAL_METRICS;
      for (let i = 0; i < TOTAL_METRICS; i++) out[i]! += this.ring[base + i]!;
      if (hot === 0) continue;
      const vbase = ((hot - 1) * W + tickSlot) * VECTOR_METRICS_KEPT;
      for (let i = 0; i < VECTOR_METRICS_KEPT; i++) out[TOTAL_METRICS + i]! += this.hot.ring[vbase + i]!;
    }
  }

  /**
   * Epoch ms of the first record in the earliest tick of the window that carried at least a
   * quarter of the window's average per-tick amount of `metric` — where the surge began.
   */
  surgeStartMs(row: number, rel: number, metric: number, tickMs: number): number {
    const W = this.ticks;
    if (metric >= TOTAL_METRICS && this.hotSlot[row] === 0) metric = M_PKTS;
    const from = Math.max(rel - W + 1, this.lastTick[row]! - W + 1);
    const to = Math.min(this.lastTick[row]!, rel);
    let total = 0;
    for (let t = from; t <= to; t++) total += this.at(row, ((t % W) + W) % W, metric);
    for (let t = from; t <= to; t++) {
      const slot = ((t % W) + W) % W;
      if (this.at(row, slot, metric) >= total / W / 4) {
        return (this.baseTick + t) * tickMs + this.firstOffset[row * W + slot]! * 4;
      }
    }
    return (this.baseTick + to) * tickMs;
  }

  /**
   * Evicts rows idle since before `rel - idleTicks`, and gives back the vector rings of rows far
   * under the cutoff — except for rows `keep` says to keep (open attacks).
   */
  evictIdle(rel: number, idleTicks: number, keep: (row: number) => boolean): number {
    let evicted = 0;
    const limit = rel - idleTicks;
    for (let row = 0; row < this.index.highWater; row++) {
      const last = this.lastTick[row]!;
      if (last === EVICTED || keep(row)) continue;
      if (last < limit) {
        this.index.remove(row);
        this.lastTick[row] = EVICTED;
        this.demote(row);
        evicted++;
      } else if (this.hotSlot[row] !== 0 && !this.baselines && this.coldEnough(row, rel)) this.demote(row);
    }
    return evicted;
  }

  private coldEnough(row: number, rel: number): boolean {
    const W = this.ticks;
    let pkts = 0;
    let bytes = 0;
    for (
      let t = Math.max(rel - W + 1, this.lastTick[row]! - W + 1);
      t <= Math.min(rel, this.lastTick[row]!);
      t++
    ) {
      const tickSlot = ((t % W) + W) % W;
      pkts += this.ring[(row * W + tickSlot) * TOTAL_METRICS + M_PKTS]!;
      bytes += this.ring[(row * W + tickSlot) * TOTAL_METRICS + M_BYTES]!;
    }
    return pkts < this.hotPkts / 2 && bytes < this.hotBytes / 2;
  }

  private demote(row: number): void {
    const hot = this.hotSlot[row]!;
    if (hot === 0) return;
    this.hot.release(hot - 1);
    this.hotSlot[row] = 0;
  }

  /** Updates the learned baseline of a row not under attack with its current window rates. */
  learn(row: number, rates: Float64Array, alpha: number, multiplier: number, warmupTicks: number): void {
    if (!this.baselines) return;
    const n = BASELINE_METRICS.length;
    const warm = this.baselineTicks[row]! >= warmupTicks;
    for (let b = 0; b < n; b++) {
      const rate = rates[BASELINE_METRICS[b]!]!;
      const current = this.baseline[row * n + b]!;
      // Once warm, an outlier moves the baseline no further than the trigger level: an attack
      // (or a ramp towards one) cannot teach the detector that it is normal.
      const observed = warm ? Math.min(rate, current * multiplier) : rate;
      this.baseline[row * n + b] = current + alpha * (observed - current);
    }
    if (!warm) this.baselineTicks[row]!++;
  }

  isWarm(row: number, warmupTicks: number): boolean {
    return this.baselines && this.baselineTicks[row]! >= warmupTicks;
  }

  /** Allocated bytes of every column and the index. */
  get bytes(): number {
    return (
      this.index.bytes +
      this.ring.byteLength +
      this.hot.bytes +
      this.hotSlot.byteLength +
      this.lastTick.byteLength +
      this.entry.byteLength +
      this.firstOffset.byteLength +
      this.baseline.byteLength +
      this.baselineTicks.byteLength
    );
  }

  /** Bytes one entity costs in the columns (excluding hash-table and growth slack, and the
   * per-vector ring of rows near a limit — all rows with baselines). */
  get bytesPerRow(): number {
    const W = this.ticks;
    const baseline = this.baselines ? BASELINE_METRICS.length * 4 + 2 + W * VECTOR_METRICS_KEPT * 4 : 0;
    return KEY_WORDS * 4 + W * TOTAL_METRICS * 4 + 4 + 4 + 4 + W + baseline;
  }

  private initRow(row: number, entry: number, rel: number): void {
    this.entry[row] = entry;
    this.hotSlot[row] = 0;
    this.lastTick[row] = rel - this.ticks; // nothing valid yet
    if (this.baselines) {
      this.baseline.fill(0, row * BASELINE_METRICS.length, (row + 1) * BASELINE_METRICS.length);
      this.baselineTicks[row] = 0;
    }
  }

  private clearSlot(row: number, slot: number): void {
    const base = (row * this.ticks + slot) * TOTAL_METRICS;
    this.ring.fill(0, base, base + TOTAL_METRICS);
    this.firstOffset[row * this.ticks + slot] = 0;
    const hot = this.hotSlot[row]!;
    if (hot !== 0) this.hot.clear(hot - 1, slot);
  }

  private resize(capacity: number): void {
    const W = this.ticks;
    const grow = <T extends Float32Array | Int32Array | Uint8Array | Uint16Array>(old: T, next: T) => {
      next.set(old as never);
      return next;
    };
    this.ring = grow(this.ring, new Float32Array(capacity * W * TOTAL_METRICS));
    this.hotSlot = grow(this.hotSlot, new Int32Array(capacity));
    this.lastTick = grow(this.lastTick, new Int32Array(capacity));
    this.entry = grow(this.entry, new Int32Array(capacity));
    this.firstOffset = grow(this.firstOffset, new Uint8Array(capacity * W));
    if (this.baselines) {
      this.baseline = grow(this.baseline, new Float32Array(capacity * BASELINE_METRICS.length));
      this.baselineTicks = grow(this.baselineTicks, new Uint16Array(capacity));
    }
  }
}

/** lastTick of a free row, so eviction scans skip it. */
const EVICTED = -0x7fffffff;
