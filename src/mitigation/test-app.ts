import type { FastifyInstance } from 'fastify';
import { openTestBus, openTestDb } from '../../test/helpers/engines.ts';
import { buildApp } from '../app.ts';
import { createAudit } from '../platform/audit.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import { loadConfig } from '../platform/config/load.ts';
import { createMetrics } from '../platform/http/metrics.ts';
import type { Jobs } from '../platform/jobs/jobs.ts';
import { createJobs } from '../platform/jobs/queue.ts';
import { createLogger } from '../platform/log.ts';
import type { Platform } from '../platform/platform.ts';
import type { AttackInput } from './attack.ts';
import { type MitigationOptions, setMitigationOptions } from './options.ts';
import { type MitigationRunner, startMitigation } from './subscriber.ts';

/**
 * The whole app on the engines the environment chooses (PGlite + in-process bus, or
 * PostgreSQL + NATS), with the mitigation routes, a running job worker and the mitigation
 * subscriber: what `npm start` runs, minus the listener.
 */
export interface MitigationTestApp {
  app: FastifyInstance;
  platform: Platform;
  /** Events published on the bus since start, in order. */
  events: BusEvent[];
  publishAttack(
    type: 'attack.started' | 'attack.updated' | 'attack.ended',
    orgId: string,
    attack: AttackInput,
  ): Promise<void>;
  /** Stops the worker and subscriber and starts fresh ones on the same database and bus (a restart). */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

function newJobs(p: Omit<Platform, 'jobs'>): Jobs {
  // Test-sized retry delays; the queue's behaviour is otherwise the production one.
  return createJobs(p.db, {
    concurrency: 8,
    pollMs: 20,
    log: p.log,
    metrics: p.metrics,
    backoff: { baseMs: 50, capMs: 200 },
  });
}

export async function createMitigationTestApp(
  options: Partial<MitigationOptions> = {},
): Promise<MitigationTestApp> {
  const config = loadConfig({ env: {}, overrides: { logLevel: 'silent', loginRateLimit: 10_000 } });
  const log = createLogger(process.env.MITIGATION_TEST_LOG ?? config.logLevel);
  const db = await openTestDb();
  const bus = await openTestBus();
  const metrics = createMetrics();
  const base = { config, log, db, bus, audit: createAudit(db), metrics };
  const platform: Platform = { ...base, jobs: newJobs(base) };
  setMitigationOptions(platform, options);
  const app = await buildApp(platform);
  await app.ready();
  const events: BusEvent[] = [];
  const unsubscribe = bus.subscribe((e) => events.push(e));
  let runner: MitigationRunner = startMitigation(platform);
  platform.jobs.start();
  return {
    app,
    platform,
    events,
    async publishAttack(type, orgId, attack) {
      await bus.publish({ type, orgId, tlp: 'AMBER', data: attack });
    },
    async restartWorker() {
      await runner.close();
      await platform.jobs.stop();
      platform.jobs = newJobs(base);
      setMitigationOptions(platform, options);
      runner = startMitigation(platform);
      platform.jobs.start();
    },
    async close() {
      unsubscribe();
      await runner.close();
      await app.close();
      await platform.jobs.stop();
      await bus.close();
      await db.close();
    },
  };
}
