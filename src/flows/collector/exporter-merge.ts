// One exporter may reach several workers (a router sending from several source ports): its
// statistics are the sum of what each worker's decoder state counted.

import { MALFORMED_REASONS } from '../stats.ts';
import type { ExporterSnapshot } from './messages.ts';

export function mergeExporters(perWorker: ReadonlyArray<readonly ExporterSnapshot[]>): ExporterSnapshot[] {
  const merged = new Map<string, ExporterSnapshot>();
  for (const list of perWorker) {
    for (const e of list) {
      const had = merged.get(e.exporter);
      if (!had) {
        merged.set(e.exporter, structuredClone(e));
        continue;
      }
      had.protocol ??= e.protocol;
      had.lastSeenMs = Math.max(had.lastSeenMs, e.lastSeenMs);
      for (const key of Object.keys(e.stats) as Array<keyof typeof e.stats>) {
        if (key === 'malformedByReason') continue;
        (had.stats[key] as number) += e.stats[key] as number;
      }
      for (const reason of MALFORMED_REASONS)
        had.stats.malformedByReason[reason] += e.stats.malformedByReason[reason];
    }
  }
  return [...merged.values()].sort((a, b) => a.exporter.localeCompare(b.exporter));
}
