import type { Registry } from 'prom-client';
import { type Audit, createAudit } from './audit.ts';
import type { Bus } from './bus/bus.ts';
import { createMemoryBus } from './bus/memory.ts';
import type { Config } from './config/schema.ts';
import type { Db } from './db/db.ts';
import { migrate } from './db/migrate.ts';
import { openDb } from './db/open.ts';
import { createMetrics } from './http/metrics.ts';
import type { Jobs } from './jobs/jobs.ts';
import { createJobs } from './jobs/queue.ts';
import { createLogger, type Logger } from './log.ts';

/** Everything a domain module may depend on. Modules never reach into each other's stores. */
export interface Platform {
  config: Config;
  log: Logger;
  db: Db;
  bus: Bus;
  jobs: Jobs;
  audit: Audit;
  metrics: Registry;
}

export class StartupError extends Error {}

async function openBus(config: Config, log: Logger): Promise<Bus> {
  if (!config.natsUrl) return createMemoryBus();
  const { openNatsBus } = await import('./bus/nats.ts');
  try {
    return await openNatsBus({ url: config.natsUrl, stream: config.natsStream, log });
  } catch (err) {
    throw new StartupError(`Cannot reach NATS at ${new URL(config.natsUrl).host}: ${(err as Error).message}`);
  }
}

/** Opens the database (applying migrations), the bus and the job queue. */
export async function openPlatform(config: Config, log = createLogger(config.logLevel)): Promise<Platform> {
  let db: Db;
  try {
    db = await openDb(config);
  } catch (err) {
    const where = config.databaseUrl
      ? `PostgreSQL at ${new URL(config.databaseUrl).host}`
      : `PGlite in ${config.dataDir}`;
    throw new StartupError(`Cannot open the database (${where}): ${(err as Error).message}`);
  }
  try {
    const applied = await migrate(db);
    if (applied.length) log.info({ applied }, 'migrations applied');
    const bus = await openBus(config, log);
    const metrics = createMetrics();
    const jobs = createJobs(db, {
      concurrency: config.jobConcurrency,
      pollMs: config.jobPollMs,
      leaseMs: config.jobLeaseMs,
      log,
      metrics,
    });
    return { config, log, db, bus, jobs, audit: createAudit(db), metrics };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

export async function closePlatform(p: Platform) {
  await p.jobs.stop();
  await p.bus.close();
  await p.db.close();
}
