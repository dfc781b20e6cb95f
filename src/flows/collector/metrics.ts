// Prometheus metrics of the collect role, read from the collector's latest statistics when
// /metrics is scraped (nothing is counted twice, nothing runs per datagram).

import { Counter, Gauge, type Registry } from 'prom-client';
import type { Collector } from './collector.ts';

export function registerCollectorMetrics(registry: Registry, collector: Collector): void {
  const perExporter = (
    name: string,
    help: string,
    value: (s: ReturnType<Collector['exporters']>[number]) => number,
  ) =>
    new Counter({
      name,
      help,
      labelNames: ['exporter', 'protocol'],
      registers: [registry],
      collect() {
        this.reset();
        for (const e of collector.exporters())
          this.inc({ exporter: e.exporter, protocol: e.protocol ?? 'unknown' }, value(e));
      },
    });
  perExporter(
    'swimmy_flow_datagrams_total',
    'Flow datagrams received per exporter',
    (e) => e.stats.datagrams,
  );
  perExporter('swimmy_flow_records_total', 'Flow records decoded per exporter', (e) => e.stats.records);
  perExporter(
    'swimmy_flow_sequence_gaps_total',
    'Sequence gaps seen per exporter',
    (e) => e.stats.sequenceGaps,
  );
  perExporter(
    'swimmy_flow_lost_total',
    'Units lost in sequence gaps (flows, datagrams or records)',
    (e) => e.stats.lost,
  );
  perExporter(
    'swimmy_flow_template_misses_total',
    'Data sets dropped for want of a template',
    (e) => e.stats.templateMisses,
  );
  new Counter({
    name: 'swimmy_flow_malformed_total',
    help: 'Malformed flow datagrams per exporter and reason',
    labelNames: ['exporter', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const e of collector.exporters()) {
        for (const [reason, n] of Object.entries(e.stats.malformedByReason)) {
          if (n > 0) this.inc({ exporter: e.exporter, reason }, n);
        }
      }
    },
  });
  new Gauge({
    name: 'swimmy_collector_receive_buffer_bytes',
    help: 'Socket receive buffer granted by the kernel',
    labelNames: ['socket'],
    registers: [registry],
    collect() {
      for (const s of collector.sockets()) this.set({ socket: `${s.name}:${s.port}` }, s.recvBufferBytes);
    },
  });
  const detector = (
    name: string,
    help: string,
    value: (s: NonNullable<ReturnType<Collector['detectorStats']>>) => number,
  ) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = collector.detectorStats();
        if (stats) this.set(value(stats));
      },
    });
  detector('swimmy_detection_active_hosts', 'Hosts and prefixes with detection state', (s) => s.entities);
  detector('swimmy_detection_memory_bytes', 'Bytes held by the detector state', (s) => s.bytes);
  detector('swimmy_detection_active_attacks', 'Attacks currently open', (s) => s.activeAttacks);
  detector(
    'swimmy_detection_evaluation_seconds',
    'Duration of the last tick evaluation',
    (s) => s.lastEvaluationMs / 1000,
  );
}
