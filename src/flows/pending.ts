// Data sets that arrived before their template. Over UDP a collector that starts (or restarts)
// mid-stream sees data first and templates only at the next refresh, and a template may ride in a
// later datagram than the data that uses it. Keeping a few such sets for a short while loses
// nothing in the common case; hard caps on bytes, count and age keep an attacker from using the
// buffer to exhaust memory. Dropped sets count as template misses.

import type { ExporterStats } from './stats.ts';

export interface PendingSet {
  key: number;
  /** A copy: the datagram buffer is reused by the socket layer. */
  bytes: Uint8Array;
  arrivalMs: number;
  /** Header context needed to decode times, captured when the set arrived. */
  uptimeRef: number;
  uptimeRefEpoch: number;
  exportMs: number;
}

export class PendingSets {
  private entries: PendingSet[] = [];
  private totalBytes = 0;

  get count(): number {
    return this.entries.length;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Buffers a set, evicting the oldest to stay within the caps. False when it cannot be kept at all. */
  add(stats: ExporterStats, entry: PendingSet, maxBytes: number, maxSets: number): boolean {
    if (entry.bytes.length > maxBytes || maxSets <= 0) {
      stats.templateMisses++;
      return false;
    }
    while (this.entries.length >= maxSets || this.totalBytes + entry.bytes.length > maxBytes) {
      const oldest = this.entries.shift();
      if (!oldest) break;
      this.totalBytes -= oldest.bytes.length;
      stats.templateMisses++;
    }
    this.entries.push(entry);
    this.totalBytes += entry.bytes.length;
    return true;
  }

  /** Drops sets older than maxAgeMs; returns how many (each one a template miss). */
  expire(stats: ExporterStats, nowMs: number, maxAgeMs: number): number {
    let dropped = 0;
    while (this.entries.length > 0 && nowMs - this.entries[0]!.arrivalMs > maxAgeMs) {
      const oldest = this.entries.shift()!;
      this.totalBytes -= oldest.bytes.length;
      dropped++;
    }
    stats.templateMisses += dropped;
    return dropped;
  }

  /** Removes and returns, oldest first, the sets waiting for template `key`. */
  take(key: number): PendingSet[] {
    const matching: PendingSet[] = [];
    const rest: PendingSet[] = [];
    for (const entry of this.entries) (entry.key === key ? matching : rest).push(entry);
    if (matching.length === 0) return matching;
    this.entries = rest;
    for (const entry of matching) this.totalBytes -= entry.bytes.length;
    return matching;
  }
}
