// Sequence-gap accounting. Each protocol numbers something different (v5: flows, v9: export
// packets, IPFIX: data records, sFlow: datagrams), so callers pass how many units the current
// datagram carried and the tracker predicts the next sequence number. Over UDP, loss shows up as a
// forward jump; a backward step is a late (reordered) datagram or an exporter restart.

import type { ExporterStats } from './stats.ts';

/** A backward step shorter than this is a reordered datagram; longer means the exporter restarted. */
const REORDER_WINDOW = 1 << 16;
/** A forward jump this large is a restart too, not loss (no router loses two billion flows). */
const MAX_PLAUSIBLE_GAP = 2 ** 31;

export class SequenceTracker {
  // Expected next sequence per stream; NaN when the previous datagram's unit count is unknown.
  private readonly expected = new Map<number | string, number>();
  private readonly maxStreams: number;

  constructor(maxStreams: number) {
    this.maxStreams = maxStreams;
  }

  /**
   * Records datagram `sequence` carrying `units` units (NaN when unknown) on `stream` and returns
   * the units lost immediately before it (0 when none or unknown).
   */
  observe(stats: ExporterStats, stream: number | string, sequence: number, units: number): number {
    const expected = this.expected.get(stream);
    const next = (sequence + units) % 4294967296;
    if (expected === undefined) {
      // A flood of spoofed stream ids must not grow the map without bound: forget them all and start over.
      if (this.expected.size >= this.maxStreams) this.expected.clear();
      this.expected.set(stream, next);
      return 0;
    }
    if (Number.isNaN(expected)) {
      this.expected.set(stream, next);
      return 0;
    }
    const ahead = (sequence - expected + 4294967296) % 4294967296;
    if (ahead === 0) {
      this.expected.set(stream, next);
      return 0;
    }
    if (ahead < MAX_PLAUSIBLE_GAP) {
      stats.sequenceGaps++;
      stats.lost += ahead;
      this.expected.set(stream, next);
      return ahead;
    }
    const behind = 4294967296 - ahead;
    if (behind <= REORDER_WINDOW) {
      // Counted as lost when the later datagram arrived; it was only late.
      stats.reordered++;
      if (!Number.isNaN(units)) stats.lost = Math.max(0, stats.lost - units);
      return 0;
    }
    stats.sequenceResets++;
    this.expected.set(stream, next);
    return 0;
  }
}

// Offsets that keep each protocol's stream ids apart when one exporter speaks several protocols.
export const STREAM_V5 = 2 ** 40;
export const STREAM_V9 = 2 ** 41;
export const STREAM_IPFIX = 2 ** 42;
