// Swimmy as the benchmark drives it: the real collect role (collector worker threads, detector
// thread, attack recorder on an in-memory PGlite, in-process bus) on loopback ports the kernel
// picks. A detection is the `attack.started` event on the bus, as every other module sees it.

import { startCollectRole } from '../../src/detection/collect-role.ts';
import { createAudit } from '../../src/platform/audit.ts';
import { createMemoryBus } from '../../src/platform/bus/memory.ts';
import { loadConfig } from '../../src/platform/config/load.ts';
import type { Config } from '../../src/platform/config/schema.ts';
import { createMetrics } from '../../src/platform/http/metrics.ts';
import { createJobs } from '../../src/platform/jobs/queue.ts';
import { createLogger } from '../../src/platform/log.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { openBenchDb } from '../lib.ts';
import type { Peer, RunningPeer } from './types.ts';

export const swimmy: Peer = {
  name: 'swimmy',
  unavailable: () => null,
  async start({ pps, network, workers = 0 }) {
    const config = loadConfig({
      env: {},
      overrides: {
        logLevel: 'silent',
        collectorAddress: '127.0.0.1',
        netflowPort: 0,
        sflowPort: 0,
        collectorWorkers: workers,
        detection: {
          networks: [network],
          quietPeriodS: 1,
          // One limit, total packets per second per host, as FastNetMon's threshold_pps.
          thresholds: {
            total: { pps, bps: 0 },
            amplification: { pps: 0 },
            tcp_syn: { pps: 0 },
            icmp: { pps: 0 },
            fragments: { pps: 0 },
          },
        } as Config['detection'],
      },
    });
    const { db, close } = await openBenchDb('pglite');
    await db.execute(`insert into orgs (handle, name) values ('bench', 'Bench')`);
    const log = createLogger('silent');
    const metrics = createMetrics();
    const bus = createMemoryBus();
    const jobs = createJobs(db, { concurrency: 1, pollMs: 1000, log, metrics });
    const platform: Platform = { config, log, db, bus, jobs, audit: createAudit(db), metrics };
    const role = await startCollectRole(platform);
    const detections = new Map<string, number>();
    // The detector thread's decision reaches the main thread here, before the attack is stored
    // and published: the difference to `detections` is the recorder's database write.
    const decisions = new Map<string, number>();
    const record = role.recorder.record.bind(role.recorder);
    role.recorder.record = (events) => {
      const now = Date.now();
      for (const e of events)
        if (e.type === 'started' && !decisions.has(e.attack.target)) decisions.set(e.attack.target, now);
      record(events);
    };
    bus.subscribe((e) => {
      const target = (e.data as { target?: string }).target;
      if (e.type === 'attack.started' && target && !detections.has(target))
        detections.set(target, Date.now());
    });
    return {
      netflowPort: role.collector.netflowPort,
      sflowPort: role.collector.sflowPort,
      detections,
      decisions,
      // Worker statistics arrive every second; the benchmark waits that long before reading.
      receivedRecords: async () => role.collector.exporters().reduce((n, e) => n + e.stats.records, 0),
      async stop() {
        await role.close();
        await bus.close();
        await close();
      },
    } satisfies RunningPeer;
  },
};
