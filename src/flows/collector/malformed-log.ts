// Malformed datagrams are counted per exporter and reason by the decoders; this only decides when
// to say so in the log: at most one line per exporter every `intervalMs`, with what was seen since,
// so a router spraying garbage cannot flood the log (or slow the collector down writing it).

export class MalformedLog {
  private readonly intervalMs: number;
  private readonly write: (message: string, details: Record<string, unknown>) => void;
  private readonly pending = new Map<string, { lastLogMs: number; counts: Record<string, number> }>();

  constructor(write: (message: string, details: Record<string, unknown>) => void, intervalMs = 10_000) {
    this.write = write;
    this.intervalMs = intervalMs;
  }

  note(exporter: string, reason: string, nowMs: number): void {
    let entry = this.pending.get(exporter);
    if (!entry) {
      if (this.pending.size >= 1024) return; // counted by the decoder stats anyway
      entry = { lastLogMs: 0, counts: {} };
      this.pending.set(exporter, entry);
    }
    entry.counts[reason] = (entry.counts[reason] ?? 0) + 1;
    if (nowMs - entry.lastLogMs >= this.intervalMs) {
      this.write('malformed flow datagrams', {
        exporter,
        reasons: entry.counts,
        sinceMs: entry.lastLogMs || null,
      });
      entry.lastLogMs = nowMs;
      entry.counts = {};
    }
  }
}
