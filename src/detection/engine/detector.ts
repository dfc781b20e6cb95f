// The detector: sums the collector workers' tick tables into each entity's window, and once per
// tick compares the window rates with the entity's limits (absolute, and learned baselines when
// enabled). Crossing a limit opens an attack; while open it is refreshed every update interval;
// after `quietTicks` evaluations without a crossing it ends.
//
// A tick is evaluated as soon as every worker has posted it (they post at the same wall-clock
// boundaries), or when a later tick arrives, or at the latest `graceMs` after it ended — so
// evaluation waits for the slowest worker by a few milliseconds, never for a timer period.

import { randomUUID } from 'node:crypto';
import { ActiveAttack, type DetectorEvent } from './attack.ts';
import { AttackDetails } from './attack-details.ts';
import { KEY_WORDS } from './key-index.ts';
import { absoluteCrossings, baselineCrossings, type LimitSet, limitSet, nearLimit } from './limits.ts';
import { buildPrefixTable, type EngineSettings, limitsFor } from './settings.ts';
import type { TickMessage } from './tick-counter.ts';
import { KIND_PREFIX, METRIC_COUNT, metaKind, VECTOR_COUNT, VECTOR_METRICS } from './vectors.ts';
import { BASELINE_METRICS, WindowStore } from './window-store.ts';

const MAX_ATTACKS = 10_000;
export interface DetectorOptions {
  /** Collector workers posting ticks; a tick is complete when all have posted it. */
  workers: number;
  now?: () => number;
  newId?: () => string;
  graceMs?: number;
}

export interface DetectorStats {
  entities: number;
  bytes: number;
  bytesPerEntity: number;
  activeAttacks: number;
  lastEvaluationMs: number;
  droppedRecords: number;
  lateTicks: number;
}

export class Detector {
  readonly settings: EngineSettings;
  readonly store: WindowStore;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly workers: number;
  private readonly graceMs: number;
  private readonly cidrs: string[];
  private readonly hostLimits: LimitSet[];
  private readonly prefixLimits: LimitSet[];
  private readonly defaultLimits: LimitSet;
  private readonly attacks = new Map<number, ActiveAttack>();
  private readonly pending = new Map<number, AttackDetails>();
  private readonly reported = new Map<number, number>();
  private nextEval: number | null = null;
  private readonly sums = new Float64Array(METRIC_COUNT);
  private readonly baselineLevels = new Float64Array(VECTOR_COUNT);
  private readonly alpha: number;
  private readonly warmupTicks: number;
  private watchRows: number[] = [];
  private watchChanged = false;
  private lastEvaluationMs = 0;
  private droppedRecords = 0;
  private lateTicks = 0;

  constructor(settings: EngineSettings, options: DetectorOptions) {
    this.settings = settings;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.workers = Math.max(1, options.workers);
    this.graceMs = options.graceMs ?? 40;
    this.store = new WindowStore(settings, Math.floor(this.now() / settings.tickMs) - 64);
    this.cidrs = buildPrefixTable(settings).cidrs.map((c) => c.text);
    this.defaultLimits = limitSet(settings.defaultLimits);
    this.hostLimits = settings.entries.map((_, e) => limitSet(limitsFor(settings, e, false)));
    this.prefixLimits = settings.entries.map((_, e) => limitSet(limitsFor(settings, e, true)));
    const b = settings.baseline;
    this.alpha = 1 - 2 ** (-settings.tickMs / (b.halfLifeS * 1000));
    this.warmupTicks = Math.min(65535, Math.ceil((b.warmupS * 1000) / settings.tickMs));
  }

  /** Adds a worker's tick; returns the events of any evaluation this completes. */
  ingest(message: TickMessage): DetectorEvent[] {
    const rel = message.tick - this.store.baseTick;
    const events: DetectorEvent[] = [];
    this.nextEval ??= rel;
    // A later tick means the earlier ones are as complete as they will be.
    while (this.nextEval < rel) events.push(...this.evaluate(this.nextEval));
    const late = rel < this.nextEval;
    if (late) this.lateTicks++;
    this.store.ingest(message);
    // A late tick's counts join the window; its tick is not evaluated again, but the entities it
    // touched are evaluated with the next tick — otherwise an entity whose whole flood arrived in
    // one late tick (a router's flush of expired flows) would never be looked at.
    if (late) this.deferTouched(rel);
    this.droppedRecords += message.dropped;
    for (const d of message.details) {
      const row = this.store.index.find(Uint32Array.from(d.key), 0, d.key[KEY_WORDS - 1]!);
      if (row < 0) continue;
      const attack = this.attacks.get(row);
      if (attack) attack.details.add(d, rel);
      else {
        let acc = this.pending.get(row);
        if (!acc) {
          acc = new AttackDetails();
          this.pending.set(row, acc);
        }
        acc.add(d, rel);
      }
    }
    if (late) return events;
    const count = (this.reported.get(rel) ?? 0) + 1;
    this.reported.set(rel, count);
    if (count >= this.workers && rel === this.nextEval) events.push(...this.evaluate(rel));
    return events;
  }

  private deferTouched(rel: number): void {
    const rows = this.store.touched.get(rel);
    this.store.touched.delete(rel);
    if (!rows?.length || this.nextEval === null) return;
    const next = this.store.touched.get(this.nextEval);
    if (!next) {
      this.store.touched.set(this.nextEval, rows);
      return;
    }
    const seen = new Set(next);
    for (const row of rows) if (!seen.has(row)) next.push(row);
  }

  /** Evaluates ticks whose grace period has passed (call from a timer). */
  due(nowMs = this.now()): DetectorEvent[] {
    const events: DetectorEvent[] = [];
    const tickMs = this.settings.tickMs;
    while (
      this.nextEval !== null &&
      (this.store.baseTick + this.nextEval + 1) * tickMs + this.graceMs <= nowMs
    ) {
      events.push(...this.evaluate(this.nextEval));
    }
    return events;
  }

  /** Epoch ms at which the next evaluation is due at the latest (for the caller's timer). */
  nextDueMs(): number | null {
    if (this.nextEval === null) return null;
    return (this.store.baseTick + this.nextEval + 1) * this.settings.tickMs + this.graceMs;
  }

  /** Keys of entities workers should collect details for, when the set changed since last asked. */
  takeWatchList(): Uint32Array | null {
    if (!this.watchChanged) return null;
    this.watchChanged = false;
    const out = new Uint32Array(this.watchRows.length * KEY_WORDS);
    this.watchRows.forEach((row, i) => {
      out.set(this.store.index.keys.subarray(row * KEY_WORDS, (row + 1) * KEY_WORDS), i * KEY_WORDS);
    });
    return out;
  }

  stats(): DetectorStats {
    const entities = this.store.index.count;
    return {
      entities,
      bytes: this.store.bytes,
      bytesPerEntity: this.store.bytesPerRow,
      activeAttacks: this.attacks.size,
      lastEvaluationMs: this.lastEvaluationMs,
      droppedRecords: this.droppedRecords + this.store.dropped,
      lateTicks: this.lateTicks,
    };
  }

  /** Open attacks' latest snapshots (for shutdown and tests). */
  activeAttacks() {
    return [...this.attacks.values()].map((a) => a.snapshot);
  }

  private evaluate(rel: number): DetectorEvent[] {
    const started = performance.now();
    const events: DetectorEvent[] = [];
    const touched = this.store.touched.get(rel) ?? [];
    this.store.touched.delete(rel);
    this.reported.delete(rel);
    this.nextEval = rel + 1;
    const nowMs = this.now();
    const watch: number[] = [];
    for (const row of touched) {
      if (!this.attacks.has(row)) this.evaluateRow(row, rel, nowMs, events, watch);
    }
    for (const row of [...this.attacks.keys()]) this.evaluateRow(row, rel, nowMs, events, watch);
    for (const [row, acc] of this.pending) {
      if (acc.lastTick < rel - this.settings.windowTicks) this.pending.delete(row);
    }
    if (rel % (this.settings.windowTicks * 8) === 0) {
      this.store.evictIdle(rel, this.settings.idleEvictTicks, (row) => this.attacks.has(row));
    }
    watch.sort((a, b) => a - b);
    if (watch.length !== this.watchRows.length || watch.some((row, i) => row !== this.watchRows[i])) {
      this.watchRows = watch;
      this.watchChanged = true;
    }
    this.lastEvaluationMs = performance.now() - started;
    return events;
  }

  private limitSet(row: number): LimitSet {
    const entry = this.store.entry[row]!;
    if (entry < 0) return this.defaultLimits;
    const prefix = metaKind(this.store.index.keys[row * KEY_WORDS + 4]!) === KIND_PREFIX;
    return (prefix ? this.prefixLimits : this.hostLimits)[entry]!;
  }

  private evaluateRow(
    row: number,
    rel: number,
    nowMs: number,
    events: DetectorEvent[],
    watch: number[],
  ): void {
    const sums = this.sums;
    this.store.windowSums(row, rel, sums);
    const perSecond = 1000 / (this.settings.tickMs * this.settings.windowTicks);
    for (let i = 0; i < METRIC_COUNT; i++) sums[i]! *= perSecond; // now rates: per second
    const set = this.limitSet(row);
    const attack = this.attacks.get(row);
    const warm = this.store.isWarm(row, this.warmupTicks);
    const near = nearLimit(set, sums, this.settings.hotFraction);
    let mask = 0;
    let baselineMask = 0;
    if (near || warm || attack) {
      mask = absoluteCrossings(set.limits, sums);
      if (warm) {
        const n = BASELINE_METRICS.length;
        baselineMask = baselineCrossings(
          this.settings.baseline,
          this.store.baseline,
          row * n,
          sums,
          this.baselineLevels,
        );
      }
      mask |= baselineMask;
    }
    if (near || attack) watch.push(row);
    if (!attack) {
      if (mask !== 0) this.open(row, rel, nowMs, set, mask, baselineMask, events);
      else this.store.learn(row, sums, this.alpha, this.settings.baseline.multiplier, this.warmupTicks);
      return;
    }
    attack.rates.set(sums);
    if (mask !== 0) {
      attack.lastAboveRel = rel;
      attack.markCrossed(mask, set.limits, baselineMask, this.baselineLevels);
    }
    if (rel - attack.lastAboveRel >= this.settings.quietTicks) {
      const { attack: snapshot, sample } = attack.refresh(nowMs, this.settings.tickMs, false);
      snapshot.state = 'ended';
      snapshot.endedAtMs = (this.store.baseTick + attack.lastAboveRel + 1) * this.settings.tickMs;
      this.attacks.delete(row);
      events.push({ type: 'ended', attack: snapshot, sample });
    } else if (rel - attack.lastEmitRel >= this.settings.updateTicks) {
      attack.lastEmitRel = rel;
      events.push({ type: 'updated', ...attack.refresh(nowMs, this.settings.tickMs, mask !== 0) });
    }
  }

  private open(
    row: number,
    rel: number,
    nowMs: number,
    set: LimitSet,
    mask: number,
    baselineMask: number,
    events: DetectorEvent[],
  ): void {
    if (this.attacks.size >= MAX_ATTACKS) return;
    const entry = this.store.entry[row]!;
    const key = this.store.index.keys.subarray(row * KEY_WORDS, (row + 1) * KEY_WORDS);
    const attack = new ActiveAttack(
      this.newId(),
      row,
      key,
      entry >= 0 ? (this.cidrs[entry] ?? null) : null,
      this.settings,
      entry,
      rel,
    );
    attack.rates.set(this.sums);
    attack.markCrossed(mask, set.limits, baselineMask, this.baselineLevels);
    const early = this.pending.get(row);
    if (early) {
      attack.details.absorb(early);
      this.pending.delete(row);
    }
    const firstVector = Math.log2(mask & -mask);
    const firstSeen = this.store.surgeStartMs(
      row,
      rel,
      VECTOR_METRICS[firstVector]![0],
      this.settings.tickMs,
    );
    const s = attack.snapshot;
    s.firstSeenAtMs = Math.min(firstSeen, nowMs);
    s.startedAtMs = s.firstSeenAtMs;
    s.detectedAtMs = nowMs;
    this.attacks.set(row, attack);
    events.push({ type: 'started', ...attack.refresh(nowMs, this.settings.tickMs, true) });
  }
}
