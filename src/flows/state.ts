// Decoder state that outlives one datagram: per-exporter templates, sampling tables, pending data
// sets, sequence trackers and counters. One FlowDecoderState per collector worker; exporters are
// keyed by whatever the collector passes (normally the UDP source address), because template ids
// are only unique per exporter.

import { PendingSets } from './pending.ts';
import { SamplingTable } from './sampling.ts';
import { SequenceTracker } from './sequence.ts';
import { type ExporterStats, newExporterStats } from './stats.ts';
import { TemplateCache } from './templates.ts';

export interface DecoderLimits {
  /** Exporters tracked at once; datagrams from further sources are rejected (spoofed sources). */
  maxExporters: number;
  maxTemplatesPerExporter: number;
  maxFieldsPerTemplate: number;
  /** Pending (template-less) data: bytes and sets per exporter, and how long they wait. */
  maxPendingBytesPerExporter: number;
  maxPendingSetsPerExporter: number;
  pendingMaxAgeMs: number;
  /** Sequence streams (v9 source ids, IPFIX domains, sFlow agents) per exporter. */
  maxSequenceStreamsPerExporter: number;
  /** Samplers (and domains with a sampling rate) per exporter. */
  maxSamplersPerExporter: number;
}

export const DEFAULT_LIMITS: DecoderLimits = {
  maxExporters: 4096,
  maxTemplatesPerExporter: 1024,
  maxFieldsPerTemplate: 256,
  maxPendingBytesPerExporter: 256 * 1024,
  maxPendingSetsPerExporter: 512,
  pendingMaxAgeMs: 2000,
  maxSequenceStreamsPerExporter: 256,
  maxSamplersPerExporter: 1024,
};

export class ExporterState {
  readonly key: string;
  readonly index: number;
  readonly stats: ExporterStats = newExporterStats();
  readonly sequences: SequenceTracker;
  readonly templates: TemplateCache;
  readonly sampling: SamplingTable;
  readonly pending = new PendingSets();
  /**
   * Operator-configured 1-in-N rate for exporters that sample but never say so; 0 = none.
   * Rates the exporter announces take precedence.
   */
  samplingOverride = 0;

  constructor(key: string, index: number, limits: DecoderLimits) {
    this.key = key;
    this.index = index;
    this.sequences = new SequenceTracker(limits.maxSequenceStreamsPerExporter);
    this.templates = new TemplateCache(limits.maxTemplatesPerExporter);
    this.sampling = new SamplingTable(limits.maxSamplersPerExporter);
  }
}

export interface FlowDecoderStateOptions {
  limits?: Partial<DecoderLimits>;
  /** Clock for pending-set ages; injectable so tests need not sleep. */
  now?: () => number;
}

export class FlowDecoderState {
  readonly limits: DecoderLimits;
  readonly now: () => number;
  readonly exporterList: ExporterState[] = [];
  private readonly byKey = new Map<string, ExporterState>();
  /** Datagrams refused because maxExporters was reached. */
  rejected = 0;
  /** Datagrams decodeFlowDatagram could not attribute to any protocol. */
  unknownProtocol = 0;

  constructor(options: FlowDecoderStateOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
  }

  /** The state for `key`, created on first sight; null when the exporter cap is reached. */
  exporter(key: string): ExporterState | null {
    const known = this.byKey.get(key);
    if (known) return known;
    if (this.exporterList.length >= this.limits.maxExporters) return null;
    const created = new ExporterState(key, this.exporterList.length, this.limits);
    this.byKey.set(key, created);
    this.exporterList.push(created);
    return created;
  }

  /** Expires old pending sets of every exporter (call about once a second from the collector). */
  expirePending(nowMs = this.now()): number {
    let dropped = 0;
    for (const exporter of this.exporterList) {
      if (exporter.pending.count > 0) {
        dropped += exporter.pending.expire(exporter.stats, nowMs, this.limits.pendingMaxAgeMs);
      }
    }
    return dropped;
  }
}
