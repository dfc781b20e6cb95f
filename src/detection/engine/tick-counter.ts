// The collector worker's half of detection: every decoded FlowBatch is folded, record by record,
// into per-entity counters for the current tick (250 ms by default); at the tick boundary the
// worker posts the sparse table (only entities that saw traffic) to the detector and starts over.
//
// Why aggregates and not detection in the worker: with SO_REUSEPORT the kernel spreads exporters
// over workers, and one victim is usually seen by several routers — each worker would see only a
// share of a flood. So workers count (the per-record work, parallel) and one detector thread sums
// their ticks (per-entity work, a few thousand rows per tick), in its own thread so that neither
// decoding nor the web side's requests and garbage collection delay an evaluation.
//
// Flow records describe traffic over start..end. A record spanning more than the detection window
// (NetFlow active timeouts: often 60 s) is scaled by window / duration, so it adds its average rate
// for one window instead of a spike of a minute's packets at once. Detection therefore sees a
// flow's rate only when the exporter reports it: with long active timeouts, detection of floods of
// long-lived flows is delayed by up to that timeout (configure 1–10 s on routers, or use sFlow).
// Short records (floods of one-packet flows, sFlow samples) count in full at arrival.
//
// Counters are Float32 (44 B per entity instead of 88): a tick's sums are exact up to 2^24, and
// beyond that each record adds at most 2^-24 of the sum in rounding — a relative error far below
// what matters, and only for a host already receiving millions of packets per tick.

import { type FlowBatch, FRAG_NON_FIRST } from '../../flows/batch.ts';
import { EntityDetail } from './details.ts';
import { KEY_WORDS, KeyIndex } from './key-index.ts';
import type { PrefixTable } from './prefixes.ts';
import { buildPrefixTable, type EngineSettings, lowestLimits } from './settings.ts';
import type { TickMessage } from './tick-message.ts';
import {
  AMP_INDEX_BY_PORT,
  DIR_IN,
  DIR_OUT,
  KIND_HOST,
  KIND_PREFIX,
  M_AMP_BYTES,
  M_AMP_PKTS,
  M_BYTES,
  M_FLOWS,
  M_FRAG_PKTS,
  M_ICMP_PKTS,
  M_PKTS,
  M_SYN_PKTS,
  M_TCP_PKTS,
  M_UDP_BYTES,
  M_UDP_PKTS,
  METRIC_COUNT,
  meta,
  TCP_ACK,
  TCP_SYN,
} from './vectors.ts';

export type { TickMessage };

// Vector bits, in VECTORS order (total, udp, amplification, tcp, tcp_syn, icmp, fragments).
const V_TOTAL = 1;
const V_UDP = 2;
const V_AMP = 4;
const V_TCP = 8;
const V_SYN = 16;
const V_ICMP = 32;
const V_FRAG = 64;

/** Hot entities per tick that get details; the rest are still counted. */
const MAX_HOT = 64;

export class TickCounter {
  readonly settings: EngineSettings;
  readonly worker: number;
  tick: number;
  private readonly prefixes: PrefixTable;
  private readonly allow: Uint8Array;
  private readonly prefixEntity: Uint8Array;
  private readonly prefixWords: Uint32Array;
  private readonly index: KeyIndex;
  private readonly watch: KeyIndex;
  private metrics = new Float32Array(0);
  private entry = new Int32Array(0);
  private firstOffset = new Uint8Array(0);
  private hot = new Uint8Array(0);
  private details = new Map<number, EntityDetail>();
  private readonly hotPkts: number;
  private readonly hotBytes: number;
  private records = 0;
  private dropped = 0;
  private tickStartMs: number;
  /** The record being counted: fields, not arguments, keep the per-record calls short. */
  private readonly rec = {
    batch: null as FlowBatch | null,
    i: 0,
    pk: 0,
    by: 0,
    factor: 1,
    vectors: 0,
    amp: 0,
    offset: 0,
  };

  constructor(settings: EngineSettings, worker = 0, nowMs = Date.now()) {
    this.settings = settings;
    this.worker = worker;
    this.prefixes = buildPrefixTable(settings);
    const n = settings.entries.length;
    this.allow = Uint8Array.from(settings.entries, (e) => (e.allow ? 1 : 0));
    this.prefixEntity = Uint8Array.from(settings.entries, (e) =>
      e.group >= 0 && settings.groups[e.group]!.prefixLimits ? 1 : 0,
    );
    this.prefixWords = new Uint32Array(n * 4);
    this.prefixes.cidrs.forEach((c, e) => {
      this.prefixWords.set(c.words, e * 4);
    });
    // Growing by a quarter keeps unused capacity (memory per active host) low; copies are rare.
    this.index = new KeyIndex(1024, settings.maxEntities, (capacity) => this.resize(capacity), 1.25);
    this.resize(this.index.capacity);
    this.watch = new KeyIndex(64, 1 << 20, () => {});
    const lowest = lowestLimits(settings);
    const tickS = settings.tickMs / 1000;
    this.hotPkts = lowest.pps * tickS * settings.hotFraction;
    this.hotBytes = (lowest.bps / 8) * tickS * settings.hotFraction;
    this.tick = Math.floor(nowMs / settings.tickMs);
    this.tickStartMs = this.tick * settings.tickMs;
  }

  /** Entities the detector wants details for (under attack or close to a limit), KEY_WORDS each. */
  setWatch(keys: Uint32Array): void {
    this.watch.clear();
    for (let o = 0; o + KEY_WORDS <= keys.length; o += KEY_WORDS) this.watch.insert(keys, o, keys[o + 4]!);
  }

  /** Folds the rows of `batch` into the current tick. */
  add(batch: FlowBatch, arrivalMs: number): void {
    const s = this.settings;
    const windowMs = s.tickMs * s.windowTicks;
    const maxSpread = s.maxSpreadMs;
    const r = this.rec;
    r.batch = batch;
    r.offset = Math.min(255, Math.max(0, (arrivalMs - this.tickStartMs) >> 2));
    const { packets, bytes, startMs, endMs, protocol, fragment, tcpFlags, srcPort, dstAddr, srcAddr } = batch;
    for (let i = 0; i < batch.length; i++) {
      let factor = 1;
      const start = startMs[i]!;
      const duration = endMs[i]! - start;
      if (start > 0 && duration > windowMs) factor = windowMs / Math.min(duration, maxSpread);
      const proto = protocol[i]!;
      const frag = fragment[i]!;
      let vectors = V_TOTAL;
      let amp = 0;
      if (proto === 17) {
        vectors |= V_UDP;
        amp = frag & FRAG_NON_FIRST ? 0 : AMP_INDEX_BY_PORT[srcPort[i]!]!;
        if (amp > 0) vectors |= V_AMP;
      } else if (proto === 6) {
        vectors |= V_TCP;
        if ((tcpFlags[i]! & (TCP_SYN | TCP_ACK)) === TCP_SYN) vectors |= V_SYN;
      } else if (proto === 1 || proto === 58) {
        vectors |= V_ICMP;
      }
      if (frag !== 0) vectors |= V_FRAG;
      r.i = i;
      r.pk = packets[i]! * factor;
      r.by = bytes[i]! * factor;
      r.factor = factor;
      r.vectors = vectors;
      r.amp = amp;
      const a = i * 4;
      if (s.matchAll) {
        this.count(dstAddr, a, meta(KIND_HOST, DIR_IN), -1);
        continue;
      }
      if (s.incoming) this.direction(dstAddr, a, DIR_IN);
      if (s.outgoing) this.direction(srcAddr, a, DIR_OUT);
    }
    this.records += batch.length;
  }

  private direction(words: Uint32Array, a: number, dir: number): void {
    const e = this.prefixes.lookup(words, a);
    if (e < 0 || this.allow[e] === 1) return;
    this.count(words, a, meta(KIND_HOST, dir), e);
    if (this.prefixEntity[e] === 1) this.count(this.prefixWords, e * 4, meta(KIND_PREFIX, dir, e), e);
  }

  /** Adds the current record (`this.rec`) to the entity with this key. */
  private count(words: Uint32Array, a: number, key: number, e: number): void {
    const before = this.index.count;
    const row = this.index.insert(words, a, key);
    if (row < 0) {
      this.dropped++;
      return;
    }
    const r = this.rec;
    const m = row * METRIC_COUNT;
    const metrics = this.metrics;
    if (this.index.count !== before) {
      metrics.fill(0, m, m + METRIC_COUNT);
      this.entry[row] = e;
      this.firstOffset[row] = r.offset;
      this.hot[row] = 0;
      if (this.watch.count > 0 && this.watch.find(words, a, key) >= 0) this.makeHot(row);
    }
    const { pk, by, vectors } = r;
    metrics[m + M_PKTS]! += pk;
    metrics[m + M_BYTES]! += by;
    metrics[m + M_FLOWS]! += r.factor;
    if (vectors & V_UDP) {
      metrics[m + M_UDP_PKTS]! += pk;
      metrics[m + M_UDP_BYTES]! += by;
      if (vectors & V_AMP) {
        metrics[m + M_AMP_PKTS]! += pk;
        metrics[m + M_AMP_BYTES]! += by;
      }
    } else if (vectors & V_TCP) {
      metrics[m + M_TCP_PKTS]! += pk;
      if (vectors & V_SYN) metrics[m + M_SYN_PKTS]! += pk;
    } else if (vectors & V_ICMP) {
      metrics[m + M_ICMP_PKTS]! += pk;
    }
    if (vectors & V_FRAG) metrics[m + M_FRAG_PKTS]! += pk;
    if (
      this.hot[row] === 0 &&
      (metrics[m + M_PKTS]! >= this.hotPkts || metrics[m + M_BYTES]! >= this.hotBytes)
    ) {
      this.makeHot(row);
    }
    if (this.hot[row] === 1) {
      const detail = this.details.get(row)!;
      detail.addTraffic(vectors, r.amp, pk, by);
      detail.addRecord(r.batch!, r.i, pk);
    }
  }

  private makeHot(row: number): void {
    if (this.details.size >= MAX_HOT) {
      this.hot[row] = 2; // hot, but over the detail budget: counted only
      return;
    }
    this.hot[row] = 1;
    const k = row * KEY_WORDS;
    this.details.set(row, new EntityDetail([...this.index.keys.subarray(k, k + KEY_WORDS)]));
  }

  /** Closes the current tick: returns its table (buffers are fresh, safe to transfer) and resets. */
  flush(nowMs = Date.now()): TickMessage {
    const rows = this.index.highWater;
    const message: TickMessage = {
      type: 'tick',
      worker: this.worker,
      tick: this.tick,
      rows,
      keys: this.index.keys.slice(0, rows * KEY_WORDS),
      metrics: this.metrics.slice(0, rows * METRIC_COUNT),
      entries: this.entry.slice(0, rows),
      firstOffsets: this.firstOffset.slice(0, rows),
      details: [...this.details.values()].map((d) => d.summary()),
      records: this.records,
      dropped: this.dropped,
    };
    this.index.clear();
    this.details.clear();
    this.records = 0;
    this.dropped = 0;
    this.tick = Math.max(this.tick + 1, Math.floor(nowMs / this.settings.tickMs));
    this.tickStartMs = this.tick * this.settings.tickMs;
    return message;
  }

  /** Bytes held per entity row in this tick table (for the memory figures). */
  get bytes(): number {
    return (
      this.index.bytes +
      this.metrics.byteLength +
      this.entry.byteLength +
      this.firstOffset.byteLength +
      this.hot.byteLength
    );
  }

  private resize(capacity: number): void {
    const grow = <T extends Float32Array | Int32Array | Uint8Array>(
      old: T,
      make: (n: number) => T,
      width = 1,
    ) => {
      const next = make(capacity * width);
      next.set(old as never);
      return next;
    };
    this.metrics = grow(this.metrics, (n) => new Float32Array(n), METRIC_COUNT);
    this.entry = grow(this.entry, (n) => new Int32Array(n));
    this.firstOffset = grow(this.firstOffset, (n) => new Uint8Array(n));
    this.hot = grow(this.hot, (n) => new Uint8Array(n));
  }
}
