// The per-vector half of the detector's window, kept only for entities near a limit. Every entity
// has a ring of its totals (packets, bytes, flows) per tick; the eight per-vector metrics (TCP,
// SYN, UDP packets and bytes, ICMP, fragments, amplification packets and bytes) need a ring of
// their own only where a vector could cross: no vector's rate exceeds the total's, so an entity
// whose total window stays under 1/16 of the lowest limit cannot cross anything. Those entities —
// nearly all of them — cost 48 B of ring instead of 176 B.
//
// An entity is promoted when its total window reaches the cutoff, before the tick that reaches it
// is added, so that tick and every later one are counted per vector. The ticks before carry no
// vector breakdown; they held less than the cutoff in total, so a vector's window is short by
// less than 1/16 of the lowest limit, for at most one window. A flood's first tick alone reaches
// the cutoff, so a step flood opens on the same tick as with every vector kept; a slow ramp may
// open up to a window later (a tick, in practice). Demotion (when the window falls under half the
// cutoff, checked at eviction time) frees the slot.

import { METRIC_COUNT } from './vectors.ts';

/** Metrics 0..2 (packets, bytes, flows) are in every entity's ring; 3.. only in hot rows. */
export const TOTAL_METRICS = 3;
/** Fraction of the lowest limit (over a window) from which an entity keeps per-vector counts. */
export const HOT_CUTOFF = 1 / 16;
export const VECTOR_METRICS_KEPT = METRIC_COUNT - TOTAL_METRICS;

export class HotRows {
  /** VECTOR_METRICS_KEPT numbers per tick per hot slot. */
  ring = new Float32Array(0);
  private readonly ticks: number;
  private capacity = 0;
  private used = 0;
  private readonly free: number[] = [];

  constructor(ticks: number) {
    this.ticks = ticks;
  }

  /** A zeroed slot. */
  allocate(): number {
    const slot = this.free.pop() ?? this.used++;
    if (slot >= this.capacity) {
      this.capacity = Math.max(64, Math.ceil(this.capacity * 1.5));
      const next = new Float32Array(this.capacity * this.ticks * VECTOR_METRICS_KEPT);
      next.set(this.ring);
      this.ring = next;
    }
    this.clear(slot);
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  clear(slot: number, tickSlot = -1): void {
    const size = VECTOR_METRICS_KEPT;
    const from = (slot * this.ticks + Math.max(0, tickSlot)) * size;
    this.ring.fill(0, from, from + (tickSlot < 0 ? this.ticks * size : size));
  }

  get bytes(): number {
    return this.ring.byteLength + this.free.length * 8;
  }

  get count(): number {
    return this.used - this.free.length;
  }
}
