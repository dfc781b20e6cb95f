// The `collect` role: flow collectors + detection, wired to the attack recorder (database and
// bus), Prometheus metrics, and the collector/exporter statistics the API shows. Runs beside the
// other roles in `swimmy start`, or alone in `swimmy collect` (several collectors, one database).

import { hostname } from 'node:os';
import { type Collector, CollectorStartError, startCollector } from '../flows/collector/collector.ts';
import { registerCollectorMetrics } from '../flows/collector/metrics.ts';
import type { Platform } from '../platform/platform.ts';
import { StartupError } from '../platform/platform.ts';
import { upsertCollector, upsertExporters } from './collectors-store.ts';
import { resolveSettings, SettingsError } from './engine/settings.ts';
import { type AttackRecorder, createAttackRecorder } from './recorder.ts';
import { endOpenAttacks } from './store.ts';

const PERSIST_INTERVAL_MS = 5000;

export interface CollectRole {
  collector: Collector;
  /** Stores the collector's and exporters' statistics now (also done every few seconds). */
  persist(): Promise<void>;
  recorder: AttackRecorder;
  name: string;
  close(): Promise<void>;
}

export async function startCollectRole(
  p: Platform,
  options: { persistIntervalMs?: number } = {},
): Promise<CollectRole> {
  const { config } = p;
  let settings: ReturnType<typeof resolveSettings>;
  try {
    settings = resolveSettings(config.detection);
  } catch (err) {
    if (err instanceof SettingsError) throw new StartupError(err.message);
    throw err;
  }
  // Stable across restarts, so attacks this collector left open are closed when it comes back.
  const name = `${hostname()}:${config.netflowPort}`;
  await endOpenAttacks(p.db, name);
  const recorder = createAttackRecorder(p, name, config.collectorOrg);
  let collector: Collector;
  try {
    collector = await startCollector({
      address: config.collectorAddress,
      netflowPort: config.netflowPort,
      sflowPort: config.sflowPort,
      workers: config.collectorWorkers,
      recvBufferBytes: config.collectorRecvBufferBytes,
      settings,
      log: p.log,
      onEvents: (events) => recorder.record(events),
    });
  } catch (err) {
    if (err instanceof CollectorStartError) throw new StartupError(err.message);
    throw err;
  }
  registerCollectorMetrics(p.metrics, collector);
  const startedAt = new Date();

  const persist = async () => {
    const stats = collector.detectorStats();
    const orgId = await recorder.collectorOrgId();
    await upsertCollector(
      p.db,
      name,
      orgId,
      {
        address: config.collectorAddress,
        netflowPort: collector.netflowPort,
        sflowPort: collector.sflowPort,
        workers: collector.workers,
        reusePort: collector.reusePort,
        recvBufferBytes: collector.recvBufferBytes,
        entities: stats?.entities ?? 0,
        bytesPerEntity: stats?.bytesPerEntity ?? 0,
        activeAttacks: stats?.activeAttacks ?? 0,
      },
      startedAt,
    );
    await upsertExporters(p.db, name, collector.exporters());
  };
  let persisting: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    persisting = persist().catch((err) => p.log.warn({ err }, 'collector statistics not stored'));
  }, options.persistIntervalMs ?? PERSIST_INTERVAL_MS);
  timer.unref();
  persisting = persist().catch((err) => p.log.warn({ err }, 'collector statistics not stored'));

  return {
    collector,
    recorder,
    name,
    persist,
    async close() {
      clearInterval(timer);
      await collector.close();
      await persisting;
      await recorder.idle();
      await persist().catch(() => {});
    },
  };
}
