// Rows to API shapes, field by field: a new column never leaks by accident, and the bus event's
// data is exactly what GET /attacks/:id answers (without the samples).

import type { CollectorRow, ExporterRow } from './collectors-store.ts';
import type { Attack, AttackWithSamples, Collector } from './schemas.ts';
import type { AttackRow, SampleRow } from './store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentAttack = (r: AttackRow): Attack => ({
  id: r.id,
  orgId: r.org_id,
  scope: r.scope,
  target: r.target,
  prefix: r.prefix,
  hostgroup: r.hostgroup,
  direction: r.direction,
  classification: r.classification,
  vectors: r.vectors,
  state: r.state,
  startedAt: r.started_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  endedAt: iso(r.ended_at),
  detectedAt: r.detected_at.toISOString(),
  firstSeenAt: r.first_seen_at.toISOString(),
  current: r.current,
  peak: r.peak,
  breakdown: r.breakdown,
  topSources: r.top_sources,
  topSourcePorts: r.top_source_ports,
  topDestinationPorts: r.top_destination_ports,
  topSourceAsns: r.top_source_asns,
  sampleFlows: r.sample_flows,
  spoofing: r.spoofing,
  thresholds: r.thresholds,
});

export const presentAttackWithSamples = (r: AttackRow, samples: SampleRow[]): AttackWithSamples => ({
  ...presentAttack(r),
  samples: samples.map((s) => ({ at: s.at.toISOString(), vector: s.vector, pps: s.pps, bps: s.bps })),
});

export const presentCollector = (r: CollectorRow, exporters: ExporterRow[]): Collector => ({
  name: r.name,
  address: r.info.address,
  netflowPort: r.info.netflowPort,
  sflowPort: r.info.sflowPort,
  workers: r.info.workers,
  reusePort: r.info.reusePort,
  recvBufferBytes: r.info.recvBufferBytes,
  activeHosts: r.info.entities,
  bytesPerHost: r.info.bytesPerEntity,
  activeAttacks: r.info.activeAttacks,
  startedAt: r.started_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  exporters: exporters.map((e) => ({
    address: e.exporter,
    protocol: e.protocol,
    datagrams: e.stats.datagrams,
    records: e.stats.records,
    malformed: e.stats.malformed,
    malformedByReason: e.stats.malformedByReason,
    sequenceGaps: e.stats.sequenceGaps,
    lost: e.stats.lost,
    templateMisses: e.stats.templateMisses,
    templatesLearned: e.stats.templatesLearned,
    lastSeenAt: iso(e.last_seen_at),
  })),
});
