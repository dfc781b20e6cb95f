// Per-exporter counters. They are what an operator looks at when a router "sends nothing": were
// datagrams malformed, lost in transit (sequence gaps), or undecodable for want of a template?

export const MALFORMED_REASONS = [
  'truncated_header', // shorter than the fixed protocol header
  'bad_version', // version field is not the protocol's
  'bad_length', // a header count/length overruns the datagram
  'bad_set', // NetFlow v9 flowset / IPFIX set length < 4 or past the end
  'bad_template', // template or options template record overruns its set or is unusable
  'template_limit', // too many templates per exporter or fields per template (memory caps)
  'bad_record', // a data record's variable-length field overruns its set
  'bad_sample', // sFlow sample or flow record length invalid
  'bad_address', // sFlow agent address type unknown
] as const;

export type MalformedReason = (typeof MALFORMED_REASONS)[number];

export interface ExporterStats {
  datagrams: number;
  /** Rows written to a batch. */
  records: number;
  /** Datagrams with at least one malformed part (records before the fault are still kept). */
  malformed: number;
  malformedByReason: Record<MalformedReason, number>;
  /** Sequence gaps observed, and the units lost in them: flows (v5), datagrams (v9, sFlow), data records (IPFIX). */
  sequenceGaps: number;
  lost: number;
  /** Datagrams that arrived after a later one (their units are taken back out of `lost`). */
  reordered: number;
  /** Sequence jumped backwards far: exporter restarted. */
  sequenceResets: number;
  /** Data sets dropped because their template never arrived in time (or the pending buffer was full). */
  templateMisses: number;
  /** Data sets decoded late, after their template arrived. */
  pendingDecoded: number;
  templatesLearned: number;
  templatesWithdrawn: number;
  optionsRecords: number;
  /** Samples or sets understood but not turned into rows (non-IP frames, unknown set ids, counter samples). */
  ignored: number;
}

export function newExporterStats(): ExporterStats {
  const byReason = {} as Record<MalformedReason, number>;
  for (const reason of MALFORMED_REASONS) byReason[reason] = 0;
  return {
    datagrams: 0,
    records: 0,
    malformed: 0,
    malformedByReason: byReason,
    sequenceGaps: 0,
    lost: 0,
    reordered: 0,
    sequenceResets: 0,
    templateMisses: 0,
    pendingDecoded: 0,
    templatesLearned: 0,
    templatesWithdrawn: 0,
    optionsRecords: 0,
    ignored: 0,
  };
}
